namespace Sim.Studies.Reports;

/// <summary>
/// One (layer, stage) of one simulated iteration: the row of <c>layers.csv</c>. Dynamic energy is attributed
/// from the energy table (MACs in dense or sparse mode, DRAM bytes, vector elements, generated groups); on-chip
/// buffer and static energy are not attributed per layer and appear only in the method totals.
/// </summary>
public sealed record LayerRow
{
    public required string Method { get; init; }
    public required string Layer { get; init; }
    public required string Stage { get; init; }
    public long Operations { get; init; }
    public long SpanCycles { get; init; }
    public long ComputeCycles { get; init; }
    public long QueueWaitCycles { get; init; }
    public long VectorCycles { get; init; }
    public long SparseGenCycles { get; init; }
    public double ComputeUtilization { get; init; }
    public double MappingEfficiency { get; init; }
    public long DenseMacs { get; init; }
    public long EffectiveMacs { get; init; }
    public long DramBytesRead { get; init; }
    public long DramBytesWritten { get; init; }
    public double DynamicEnergyJ { get; init; }

    /// <summary>What limits the row (compute, input_bandwidth, ..., dependence; docs/metrics.md).</summary>
    public string Bound { get; init; } = "";

    /// <summary>Cycles each resource would need for the row's work alone.</summary>
    public Sim.Components.Reports.ResourceCycles Alone { get; init; }

    /// <summary>Cycles in which one of the row's operations ran.</summary>
    public long ActiveCycles { get; init; }

    /// <summary>Active cycles beyond the largest alone term.</summary>
    public long DependenceCycles { get; init; }

    /// <summary>Cycles of the iteration attributed to the row (over all rows of a method: its iteration's cycles).</summary>
    public long CriticalCycles { get; init; }
}
