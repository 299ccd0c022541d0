namespace Sim.Components.Cost;

/// <summary>
/// Energy of one simulated run by source, from the design's resources and the run's activity (<see cref="PowerModel"/>),
/// and the average power over the run. Joules, seconds and watts.
/// </summary>
public sealed record PowerReport
{
    public required double Seconds { get; init; }
    public double StaticJ { get; init; }
    public double ClockJ { get; init; }
    public double PeArrayJ { get; init; }
    public double BufferJ { get; init; }
    public double DramJ { get; init; }
    public double VectorJ { get; init; }
    public double SparseGenJ { get; init; }

    /// <summary>Controller, memory controllers and shell logic toggling every cycle.</summary>
    public double ControlJ { get; init; }

    public double DynamicJ => ClockJ + PeArrayJ + BufferJ + DramJ + VectorJ + SparseGenJ + ControlJ;
    public double TotalJ => StaticJ + DynamicJ;
    public double AverageW => Seconds == 0 ? 0 : TotalJ / Seconds;
}
