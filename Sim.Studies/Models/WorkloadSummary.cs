using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Studies.Models;

/// <summary>
/// <c>satsim workload</c>'s machine-readable result: the size of one training iteration (parameters, dense and
/// effective MACs per stage, ideal speedup, N:M groups, layer operations) and, for an imported file, its layers.
/// </summary>
public static class WorkloadSummary
{
    public static Dictionary<string, object> Of(ModelGraph model, LoweringOptions options, StageSummary s, IReadOnlyList<ImportedLayerRows>? layers) => new()
    {
        ["model"] = model.Name,
        ["batch"] = options.Batch,
        ["method"] = options.Method.Name(),
        ["nm"] = options.EffectivePattern.ToString(),
        ["parameters"] = s.Parameters,
        ["stages"] = new Dictionary<string, object>
        {
            ["fp"] = Macs(s.Fp),
            ["bp"] = Macs(s.Bp),
            ["wg"] = Macs(s.Wg),
            ["wu"] = Macs(s.Wu),
        },
        ["ideal_speedup"] = s.IdealSpeedup,
        ["sparse_gen_groups"] = s.GenGroups,
        ["layer_ops"] = s.Operations,
        ["layers"] = layers?.Select(r => r.ToJson()).ToArray() ?? (object)Array.Empty<object>(),
    };

    private static Dictionary<string, long> Macs(StageMacs m) => new() { ["dense_macs"] = m.DenseMacs, ["effective_macs"] = m.EffectiveMacs };
}
