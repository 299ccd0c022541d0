using Sim.Components.Reports;

namespace Sim.Components.Accelerator;

/// <summary>
/// How to run a simulation, as opposed to what hardware is simulated (<see cref="Config.HardwareConfig"/>).
/// <see cref="FoldOverlap"/> defaults to the configuration's interleave optimization; <see cref="IdealMemory"/>
/// gives SCALE-Sim's compute-only assumption (DRAM transfers take no time).
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>Overlap consecutive folds and back-to-back tiles in the array pipeline; null: use Optimizations.Interleave.</summary>
    public bool? FoldOverlap { get; init; }

    /// <summary>DRAM transfers complete instantly (buffers and their capacity checks still apply).</summary>
    public bool IdealMemory { get; init; }

    /// <summary>Limit the PE array's operand streaming to the buffers' read bandwidth (banks x ports x width).</summary>
    public bool BufferBandwidthLimits { get; init; } = true;

    /// <summary>Operations each unit's queue holds ahead of execution (the controller's lookahead, bounding prefetch).</summary>
    public int QueueDepth { get; init; } = 16;

    /// <summary>Record per-component busy intervals for timelines.</summary>
    public bool RecordTimeline { get; init; } = true;

    /// <summary>Most timeline intervals kept (after merging).</summary>
    public int MaxTimelineIntervals { get; init; } = 200_000;

    /// <summary>The off-chip memory model; null: SAT's channels (<see cref="Dram.BuiltInDramModel"/>).</summary>
    public Dram.IDramModel? Dram { get; init; }

    /// <summary>Called as each operation completes, in completion order.</summary>
    public Action<OperationRecord>? OnOperation { get; init; }
}
