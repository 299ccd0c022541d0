using System.Globalization;
using Sim.Components.Config;
using Sim.Components.Reports;
using Sim.Studies.Timing;

namespace Sim.Studies.Baselines;

/// <summary>
/// <c>satsim compare</c>'s figures and machine-readable result: the simulated design's throughput and efficiency
/// (<see cref="DesignFigures"/>) and its ratios against each published baseline, as compare.json and <c>--json</c> write them.
/// </summary>
public static class ComparisonSummary
{
    /// <summary>The design's figures from a simulation report.</summary>
    public static DesignFigures Figures(SimulationReport report, HardwareConfig hardware, TimingRequest request) => new(
        Label: $"SatSim {hardware.ArrayRows}x{hardware.ArrayCols} @ {hardware.ClockMHz.ToString(CultureInfo.InvariantCulture)} MHz",
        Workload: request.ToString(),
        EffectiveGops: report.EffectiveGops,
        DenseEquivalentGops: report.DenseEquivalentGops,
        GopsPerWatt: report.AveragePowerW > 0 ? report.EffectiveGopsPerWatt : null,
        DenseEquivalentGopsPerWatt: report.AveragePowerW > 0 ? report.DenseEquivalentGopsPerWatt : null);

    /// <summary>The machine-readable comparison (also written as compare.json).</summary>
    public static object Of(DesignFigures design, IReadOnlyList<BaselineRatio> ratios) => new
    {
        design = new
        {
            label = design.Label,
            workload = design.Workload,
            effective_gops = design.EffectiveGops,
            dense_equivalent_gops = design.DenseEquivalentGops,
            gops_per_watt = design.GopsPerWatt,
            dense_equivalent_gops_per_watt = design.DenseEquivalentGopsPerWatt,
        },
        paper_reported = new
        {
            throughput_ratio = new[] { BaselinePlot.PaperThroughputRange.Low, BaselinePlot.PaperThroughputRange.High },
            energy_efficiency_ratio = new[] { BaselinePlot.PaperEfficiencyRange.Low, BaselinePlot.PaperEfficiencyRange.High },
        },
        baselines = ratios.Select(r => new
        {
            name = r.Baseline.Name,
            workload = r.Baseline.Workload,
            platform = r.Baseline.Platform,
            precision = r.Baseline.Precision,
            citation = r.Baseline.Citation,
            throughput_gops = r.Baseline.ThroughputGops,
            energy_efficiency_gops_per_w = r.Baseline.EffectiveEnergyEfficiency,
            throughput_ratio = r.ThroughputRatio,
            dense_equivalent_throughput_ratio = r.DenseEquivalentThroughputRatio,
            energy_efficiency_ratio = r.EnergyEfficiencyRatio,
            dense_equivalent_energy_efficiency_ratio = r.DenseEquivalentEnergyEfficiencyRatio,
            skipped = r.Skipped,
        }).ToList(),
    };
}
