namespace Sim.Core.Monitoring;

/// <summary>
/// One stretch of time [Start, End) during which a component was busy with Label: the unit of
/// utilization timelines and Chrome traces. Category groups components (e.g. "dram", "pe").
/// </summary>
public readonly record struct BusyInterval(string Component, string Label, long Start, long End, string? Category = null)
{
    public long Duration => End - Start;
}
