using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Core.Monitoring;

namespace Sim.Components.Reports;

/// <summary>
/// Everything one simulation measured: time, PE-array compute vs memory-stall cycles, utilization and mapping
/// efficiency, DRAM traffic, buffer peaks, per layer/stage breakdowns, component timelines, energy, and throughput
/// counted two ways: effective (kept, non-zero) operations and dense-equivalent operations (what a dense run of the
/// same layers would have executed). One MAC counts as two operations.
/// </summary>
public sealed record SimulationReport
{
    public required long TotalCycles { get; init; }
    public required double ClockMHz { get; init; }
    public double Seconds => TotalCycles / (ClockMHz * 1e6);
    public long Operations { get; init; }
    public long KernelEvents { get; init; }

    public int ArrayRows { get; init; }
    public int ArrayCols { get; init; }

    /// <summary>Cycles the PE array computed.</summary>
    public long ComputeCycles { get; init; }

    /// <summary>Cycles the PE array had a tile waiting for operands or output space (memory stall).</summary>
    public long MemoryStallCycles { get; init; }

    public long DenseMacs { get; init; }
    public long EffectiveMacs { get; init; }

    /// <summary>MACs the array executed in dense mode (every one a PE-cycle of work); the activity of the power model.</summary>
    public long DenseModeMacs { get; init; }

    /// <summary>Kept MACs the array executed in N:M sparse mode.</summary>
    public long SparseModeMacs { get; init; }

    /// <summary>Elements the vector engine processed.</summary>
    public long VectorElements { get; init; }

    /// <summary>Operands the sparse online reduction engine sorted (groups x M).</summary>
    public long SparseGenElements { get; init; }

    /// <summary>Effective MACs / (rows x cols x total cycles).</summary>
    public double ArrayUtilization => TotalCycles == 0 ? 0 : (double)EffectiveMacs / ((double)ArrayRows * ArrayCols * TotalCycles);

    /// <summary>Mapped PE-fold slots over all PE-fold slots of every GEMM tile.</summary>
    public double MappingEfficiency { get; init; }

    public long DramBytesRead { get; init; }
    public long DramBytesWritten { get; init; }
    public IReadOnlyList<BufferStats> Buffers { get; init; } = [];
    public IReadOnlyList<LayerStageStats> LayerStages { get; init; } = [];

    /// <summary>The iteration's cycles split over stage and bound (<see cref="BoundAttribution"/>); they sum to <see cref="TotalCycles"/>.</summary>
    public IReadOnlyList<BoundShare> BoundShares { get; init; } = [];

    /// <summary>Cycles attributed to each bound, every bound listed (0 when none), in report order; sums to <see cref="TotalCycles"/>.</summary>
    public IReadOnlyDictionary<Bound, long> BoundCycles
        => BoundNames.All.ToDictionary(b => b, b => BoundShares.Where(s => s.Bound == b).Sum(s => s.Cycles));
    public IReadOnlyList<ComponentStats> Components { get; init; } = [];

    /// <summary>Busy intervals per component (merged per layer and stage), ordered by component then time.</summary>
    public IReadOnlyList<BusyInterval> Timeline { get; init; } = [];

    public EnergyBreakdown Energy { get; init; } = new();

    public double EffectiveOps => 2.0 * EffectiveMacs;
    public double DenseEquivalentOps => 2.0 * DenseMacs;
    public double EffectiveGops => Seconds == 0 ? 0 : EffectiveOps / Seconds / 1e9;
    public double DenseEquivalentGops => Seconds == 0 ? 0 : DenseEquivalentOps / Seconds / 1e9;
    public double AveragePowerW => Seconds == 0 ? 0 : Energy.TotalJ / Seconds;
    public double EffectiveGopsPerWatt => AveragePowerW == 0 ? 0 : EffectiveGops / AveragePowerW;
    public double DenseEquivalentGopsPerWatt => AveragePowerW == 0 ? 0 : DenseEquivalentGops / AveragePowerW;

    /// <summary>Layer/stage rows summed per stage.</summary>
    public IReadOnlyDictionary<Stage, long> SpanCyclesByStage(Func<LayerStageStats, long> metric)
        => LayerStages.GroupBy(s => s.Stage).ToDictionary(g => g.Key, g => g.Sum(metric));
}
