using Sim.Components.Config.Schema;

namespace Sim.Components.Config;

/// <summary>
/// SAT's three dataflow optimizations (docs/sat.md), each switchable so its effect can be measured:
/// <see cref="Interleave"/> overlaps independent tiles (folds) in the array pipeline so fill and drain are hidden;
/// <see cref="PreGeneration"/> generates the next iteration's sparse weights right after the weight update, off the
/// critical path; <see cref="OfflineScheduling"/> lets the compiler choose dataflow, tiling and order per layer and stage.
/// </summary>
public sealed record DataflowOptimizations
{
    public bool Interleave { get; init; } = true;
    public bool PreGeneration { get; init; } = true;
    public bool OfflineScheduling { get; init; } = true;

    /// <summary>The scenario keys of <c>optimizations</c>, declared once.</summary>
    public static BlockSchema Schema { get; } = Param.Block("optimizations", "SAT's three dataflow optimizations, each switchable", new DataflowOptimizations(),
        Param.Boolean<DataflowOptimizations>("interleave", nameof(Interleave), "[paper]", "overlap independent tiles (folds) in the array pipeline", o => o.Interleave, (o, v) => o with { Interleave = v }),
        Param.Boolean<DataflowOptimizations>("pre_generation", nameof(PreGeneration), "[paper]", "generate the next iteration's sparse weights after the weight update", o => o.PreGeneration, (o, v) => o with { PreGeneration = v }),
        Param.Boolean<DataflowOptimizations>("offline_scheduling", nameof(OfflineScheduling), "[paper]", "choose dataflow, tiling and loop order per layer and stage", o => o.OfflineScheduling, (o, v) => o with { OfflineScheduling = v }));

    /// <summary>All three on (the default).</summary>
    public static DataflowOptimizations All { get; } = new();

    /// <summary>All three off (the unoptimized baseline).</summary>
    public static DataflowOptimizations None { get; } = new() { Interleave = false, PreGeneration = false, OfflineScheduling = false };
}
