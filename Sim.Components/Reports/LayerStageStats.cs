using Sim.Components.Operations;

namespace Sim.Components.Reports;

/// <summary>
/// What one (layer, stage) cost: its span on the timeline, the PE array's compute and memory-stall cycles spent on
/// it, the work it did and the DRAM traffic it caused. Reports group by this because the paper's speed-ups are
/// per stage (FP/BP sparse, WG dense) and per layer.
/// </summary>
public sealed record LayerStageStats
{
    public required string Layer { get; init; }
    public required Stage Stage { get; init; }
    public long Operations { get; init; }

    /// <summary>From the first of its operations starting to the last one finishing.</summary>
    public long FirstStart { get; init; }
    public long LastEnd { get; init; }
    public long SpanCycles => LastEnd - FirstStart;

    /// <summary>PE array cycles spent computing its GEMM tiles.</summary>
    public long ComputeCycles { get; init; }

    /// <summary>Cycles its operations waited at the head of a unit for loaded operands or buffer space.</summary>
    public long MemoryStallCycles { get; init; }

    /// <summary>Vector and sparse-generation engine cycles.</summary>
    public long VectorCycles { get; init; }
    public long SparseGenCycles { get; init; }

    public long DenseMacs { get; init; }
    public long EffectiveMacs { get; init; }
    public long DramBytesRead { get; init; }
    public long DramBytesWritten { get; init; }
    public long VectorElements { get; init; }
    public long SparseGenGroups { get; init; }

    /// <summary>Mapped PE-fold slots over all PE-fold slots of its GEMM tiles.</summary>
    public double MappingEfficiency { get; init; }

    /// <summary>Effective MACs over R x C x compute cycles.</summary>
    public double ArrayUtilization { get; init; }
}
