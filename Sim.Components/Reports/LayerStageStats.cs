using Sim.Components.Operations;
using Sim.Vocabulary;

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

    /// <summary>
    /// Cycles of the span in which at least one of its operations ran. Equal to the span for a row whose operations
    /// follow each other; smaller for one split over the iteration (N:M generation without pre-generation runs
    /// before each sparse stage of its layer).
    /// </summary>
    public long ActiveCycles { get; init; }

    /// <summary>PE array cycles spent computing its GEMM tiles.</summary>
    public long ComputeCycles { get; init; }

    /// <summary>Cycles its operations waited at the head of a unit for loaded operands or buffer space.</summary>
    public long QueueWaitCycles { get; init; }

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
    public double ComputeUtilization { get; init; }

    /// <summary>Cycles each resource would need for this row's work alone (the others infinitely fast).</summary>
    public ResourceCycles Alone { get; init; }

    /// <summary>Active cycles beyond the largest alone term: dependences, latencies, fill, imperfect overlap of the units.</summary>
    public long DependenceCycles => Math.Max(0, ActiveCycles - Alone.Max);

    /// <summary>
    /// What limits the row: the resource with the most alone cycles, or <see cref="Reports.Bound.Dependence"/> when the
    /// active cycles beyond it are more still (more waiting than work on any one resource).
    /// </summary>
    public Bound Bound => DependenceCycles > Alone.Max ? Bound.Dependence : Alone.Largest;

    /// <summary>
    /// Cycles of the iteration attributed to this row (<see cref="BoundAttribution"/>): the part of its span no
    /// earlier-starting row covers, plus any idle gap just before it. Over all rows they sum to the total cycles.
    /// </summary>
    public long CriticalCycles { get; init; }
}
