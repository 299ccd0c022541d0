namespace Sim.Components.Reports;

/// <summary>Energy of a run by source, in joules, computed from the configuration's <see cref="Config.EnergyTable"/>.</summary>
public sealed record EnergyBreakdown
{
    public double DenseMacJ { get; init; }
    public double SparseMacJ { get; init; }
    public double BufferJ { get; init; }
    public double DramJ { get; init; }
    public double VectorJ { get; init; }
    public double SparseGenJ { get; init; }
    public double StaticJ { get; init; }
    public double DynamicJ => DenseMacJ + SparseMacJ + BufferJ + DramJ + VectorJ + SparseGenJ;
    public double TotalJ => DynamicJ + StaticJ;
}
