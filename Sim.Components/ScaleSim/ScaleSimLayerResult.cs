namespace Sim.Components.ScaleSim;

/// <summary>Start cycle, stop cycle and access count of one operand at one memory level (a DETAILED_ACCESS_REPORT triple).</summary>
public readonly record struct AccessWindow(long Start, long Stop, long Accesses)
{
    /// <summary>Accesses per cycle over the window (SCALE-Sim divides by stop - start + 1).</summary>
    public double Bandwidth => Accesses == 0 ? 0 : (double)Accesses / (Stop - Start + 1);
}

/// <summary>One row of SCALE-Sim's three reports for one layer.</summary>
public sealed record ScaleSimLayerResult
{
    public required int LayerId { get; init; }
    public required string Name { get; init; }
    public long TotalCycles { get; init; }
    public long StallCycles { get; init; }
    public double OverallUtilPercent { get; init; }
    public double MappingEfficiencyPercent { get; init; }
    public double ComputeUtilPercent { get; init; }
    public AccessWindow SramIfmap { get; init; }
    public AccessWindow SramFilter { get; init; }
    public AccessWindow SramOfmap { get; init; }
    public AccessWindow DramIfmap { get; init; }
    public AccessWindow DramFilter { get; init; }
    public AccessWindow DramOfmap { get; init; }

    public double AvgIfmapSramBw => TotalCycles == 0 ? 0 : (double)SramIfmap.Accesses / TotalCycles;
    public double AvgFilterSramBw => TotalCycles == 0 ? 0 : (double)SramFilter.Accesses / TotalCycles;
    public double AvgOfmapSramBw => TotalCycles == 0 ? 0 : (double)SramOfmap.Accesses / TotalCycles;
}
