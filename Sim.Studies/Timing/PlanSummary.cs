using Sim.Mapping.Tiling;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Studies.Timing;

/// <summary><c>satsim plan</c>'s machine-readable result: per GEMM layer-stage the planner's estimate against the simulated cycles.</summary>
public static class PlanSummary
{
    public static Dictionary<string, object> Of(ModelGraph model, LoweringOptions options, IReadOnlyList<PlanAccuracyRow> rows) => new()
    {
        ["model"] = model.Name,
        ["batch"] = options.Batch,
        ["method"] = options.Method.Name(),
        ["median_abs_error"] = PlanAccuracy.MedianAbsoluteError(rows),
        ["rows"] = rows.Select(r => new Dictionary<string, object>
        {
            ["layer"] = r.Layer, ["stage"] = r.Stage.ToString().ToLowerInvariant(), ["plan"] = r.Plan,
            ["estimated_cycles"] = r.EstimatedCycles, ["simulated_cycles"] = r.SimulatedCycles, ["error"] = r.Error,
        }).ToList(),
    };
}
