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

    /// <summary>
    /// SCALE-Sim v3 weight-stationary layer-wise sparsity counts each IFMAP SRAM read M/N times (a block of inputs
    /// is shared by M/N rows, README_Sparsity.md) and prints the count as a float; null elsewhere.
    /// </summary>
    public double? ScaledIfmapSramReads { get; init; }

    /// <summary>SCALE-Sim v3's SPARSE_REPORT.csv row (storage figures as printed); null without sparsity support.</summary>
    public ScaleSimSparseRow? Sparse { get; init; }

    /// <summary>SCALE-Sim v3's "Total Cycles (incl. prefetch)": last OFMAP DRAM write minus the first DRAM read.</summary>
    public long CyclesInclPrefetch => (long)(DramOfmap.Stop - Math.Min(DramIfmap.Start, DramFilter.Start));

    public double IfmapSramReads => ScaledIfmapSramReads ?? SramIfmap.Accesses;

    /// <summary>Filter metadata words read per cycle (SCALE-Sim v3: metadata storage / total cycles).</summary>
    public double AvgFilterMetadataSramBw => TotalCycles == 0 || Sparse is null ? 0 : Sparse.MetadataWords / TotalCycles;

    public double AvgIfmapSramBw => TotalCycles == 0 ? 0 : IfmapSramReads / TotalCycles;
    public double AvgFilterSramBw => TotalCycles == 0 ? 0 : (double)SramFilter.Accesses / TotalCycles;
    public double AvgOfmapSramBw => TotalCycles == 0 ? 0 : (double)SramOfmap.Accesses / TotalCycles;
}

/// <summary>One SPARSE_REPORT.csv row: representation and storage figures as SCALE-Sim v3 prints them.</summary>
public sealed record ScaleSimSparseRow(string Representation, string OriginalStorage, string NewStorage, string MetadataStorage, double MetadataWords);
