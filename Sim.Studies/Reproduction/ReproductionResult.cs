using Sim.Studies.Baselines;

namespace Sim.Studies.Reproduction;

/// <summary>One row of the speedup table: a model trained by a method and pattern, against dense on the same hardware.</summary>
public sealed record SpeedupRow(string Model, string Variant, double? IdealSpeedup, double? SimulatedSpeedup, RunOutcome Dense, RunOutcome Run);

/// <summary>One row of the ablation: one hardware variant (an optimization off), BDWP 2:8 against dense.</summary>
public sealed record AblationRow(string Model, string Variant, RunOutcome Dense, RunOutcome Bdwp, double? Speedup, double? BdwpThroughputLoss, double? SpeedupLoss);

/// <summary>One point of a sensitivity figure.</summary>
public sealed record SensitivityPoint(string Axis, string Label, double X, RunOutcome Dense, RunOutcome Bdwp, double? Speedup);

/// <summary>The simulated design against one baseline, on the zoo model closest to the baseline's workload.</summary>
public sealed record ComparisonRow(BaselineRatio Ratio, string Model, bool WorkloadMatched);

/// <summary>Everything <c>satsim reproduce</c> measured, from which the report, figures and JSON are written.</summary>
public sealed record ReproductionResult(
    ReproductionPlan Plan,
    string HardwareSummary,
    IReadOnlyList<SpeedupRow> Speedups,
    IReadOnlyList<AblationRow> Ablation,
    IReadOnlyList<SensitivityPoint> Sensitivity,
    IReadOnlyList<ComparisonRow> Comparison,
    IReadOnlyList<DesignFigures> ComparedDesigns,
    int Simulations)
{
    /// <summary>The studies behind docs/reproduction.md's "Three results explained".</summary>
    public ExplanationResult? Explanations { get; init; }

    /// <summary>The functional engine's accuracy table, or null when not run (<c>--no-accuracy</c>).</summary>
    public AccuracyResult? Accuracy { get; init; }

    /// <summary>The headline rows: BDWP at the plan's headline pattern, one per model.</summary>
    public IReadOnlyList<SpeedupRow> Headline => Speedups.Where(r => r.Variant == Reproducer.VariantName("bdwp", Plan.Headline)).ToList();

    /// <summary>Mean simulated BDWP speedup over the models that simulated successfully.</summary>
    public double? AverageSimulatedSpeedup => Mean(Headline.Select(r => r.SimulatedSpeedup));

    public double? AverageIdealSpeedup => Mean(Headline.Select(r => r.IdealSpeedup));

    private static double? Mean(IEnumerable<double?> values)
    {
        var list = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return list.Count == 0 ? null : list.Average();
    }
}
