namespace Sim.Studies.Reproduction;

/// <summary>
/// The machine-readable result of <c>satsim reproduce</c> (its <c>--json</c> line): the headline BDWP speedups with
/// their average against the paper's, and every other table of the reproduction (the same numbers as reproduction.md).
/// </summary>
public static class ReproductionSummary
{
    /// <summary>Models with ideal and simulated speedup, their average, plus the other tables.</summary>
    public static object Of(ReproductionResult r) => new
    {
        batch = r.Plan.Batch,
        reduced = r.Plan.IsReduced,
        hardware = r.HardwareSummary,
        pattern = r.Plan.Headline.ToString(),
        models = r.Headline.Select(h => new { model = h.Model, ideal_speedup = h.IdealSpeedup, simulated_speedup = h.SimulatedSpeedup, error = h.Run.Error ?? h.Dense.Error }).ToList(),
        average_simulated_speedup = r.AverageSimulatedSpeedup,
        average_ideal_speedup = r.AverageIdealSpeedup,
        paper_average_speedup = ReproductionReport.PaperAverageSpeedup,
        speedups = r.Speedups.Select(s => new
        {
            model = s.Model,
            variant = s.Variant,
            ideal_speedup = s.IdealSpeedup,
            simulated_speedup = s.SimulatedSpeedup,
            images_per_second = s.Run.Ok ? s.Run.ImagesPerSecond : (double?)null,
            dense_images_per_second = s.Dense.Ok ? s.Dense.ImagesPerSecond : (double?)null,
            time_shares = s.Run.Ok ? s.Run.Shares : null,
            error = s.Run.Error ?? s.Dense.Error,
        }).ToList(),
        ablation = r.Ablation.Select(a => new { model = a.Model, variant = a.Variant, speedup = a.Speedup, bdwp_images_per_second = a.Bdwp.Ok ? a.Bdwp.ImagesPerSecond : (double?)null, bdwp_throughput_loss = a.BdwpThroughputLoss, speedup_loss = a.SpeedupLoss, error = a.Dense.Error ?? a.Bdwp.Error }).ToList(),
        sensitivity = r.Sensitivity.Select(s => new { axis = s.Axis, label = s.Label, x = s.X, speedup = s.Speedup, dense_images_per_second = s.Dense.Ok ? s.Dense.ImagesPerSecond : (double?)null, bdwp_images_per_second = s.Bdwp.Ok ? s.Bdwp.ImagesPerSecond : (double?)null, error = s.Dense.Error ?? s.Bdwp.Error }).ToList(),
        accuracy = r.Accuracy is null ? null : new
        {
            setup = r.Accuracy.Setup,
            skipped = r.Accuracy.Skipped,
            rows = r.Accuracy.Rows.Select(a => new { dataset = a.Dataset, model = a.Model, variant = a.Variant, test_accuracy = a.TestAccuracy, gap_points = a.GapPoints }).ToList(),
        },
        comparison = r.Comparison.Select(c => new { baseline = c.Ratio.Baseline.Label, model = c.Model, workload_matched = c.WorkloadMatched, throughput_ratio = c.Ratio.ThroughputRatio, dense_equivalent_throughput_ratio = c.Ratio.DenseEquivalentThroughputRatio, energy_efficiency_ratio = c.Ratio.EnergyEfficiencyRatio, skipped = c.Ratio.Skipped }).ToList(),
    };
}
