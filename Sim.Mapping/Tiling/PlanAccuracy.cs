using Sim.Components.Accelerator;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Mapping.Tiling;

/// <summary>One (layer, stage) whose work is GEMMs only: the offline scheduler's estimate against the simulated span.</summary>
public sealed record PlanAccuracyRow(string Layer, Stage Stage, string Plan, long EstimatedCycles, long SimulatedCycles)
{
    /// <summary>(estimate - simulated) / simulated.</summary>
    public double Error => SimulatedCycles == 0 ? 0 : (double)(EstimatedCycles - SimulatedCycles) / SimulatedCycles;
}

/// <summary>
/// How well the offline scheduler's cost model predicts the simulator: one iteration is tiled and simulated, and for
/// every (layer, stage) made of GEMMs only the sum of its plans' estimates is set beside its simulated span (first
/// operation start to last end, including the wait for the previous layer's last store).
/// </summary>
public static class PlanAccuracy
{
    public static IReadOnlyList<PlanAccuracyRow> Measure(ModelGraph model, LoweringOptions options, HardwareConfig hw)
    {
        var ops = IterationLowering.Lower(model, options).ToList();
        var tiler = new IterationTiler(hw);
        var report = AcceleratorSimulator.Run(hw, tiler.TileOps(ops));
        var groups = ops.GroupBy(o => (o.Layer, o.Stage)).Where(g => g.All(o => o.Kind == LayerOpKind.Gemm));
        var spans = report.LayerStages.ToDictionary(s => (s.Layer, s.Stage), s => s.SpanCycles);
        var rows = new List<PlanAccuracyRow>();
        foreach (var g in groups)
        {
            if (!spans.TryGetValue(g.Key, out var simulated))
            {
                continue;
            }
            long estimate = 0;
            var plans = new List<string>();
            foreach (var op in g)
            {
                var plan = tiler.PlanFor(op.M, op.N, op.K, op.IsSparse ? op.Sparsity : NmPattern.Dense);
                estimate += plan.EstimatedCycles * op.Count;
                plans.Add($"{op.M}x{op.N}x{op.K}{(op.Count > 1 ? $" x{op.Count}" : "")}: {plan.TileM}x{plan.TileN}x{plan.TileK} {(plan.Dataflow == Dataflow.OutputStationary ? "OS" : "WS")} {plan.Order}");
            }
            rows.Add(new PlanAccuracyRow(g.Key.Layer, g.Key.Stage, string.Join("; ", plans), estimate, simulated));
        }
        return rows;
    }

    /// <summary>Median of the absolute errors.</summary>
    public static double MedianAbsoluteError(IReadOnlyList<PlanAccuracyRow> rows)
    {
        if (rows.Count == 0) return 0;
        var e = rows.Select(r => Math.Abs(r.Error)).Order().ToList();
        return e.Count % 2 == 1 ? e[e.Count / 2] : (e[e.Count / 2 - 1] + e[e.Count / 2]) / 2;
    }
}
