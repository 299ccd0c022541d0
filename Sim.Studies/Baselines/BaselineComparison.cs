namespace Sim.Studies.Baselines;

/// <summary>One baseline against the design: ratios (design / baseline) where both figures exist, else why not.</summary>
public sealed record BaselineRatio(
    BaselineRecord Baseline,
    double? ThroughputRatio,
    double? DenseEquivalentThroughputRatio,
    double? EnergyEfficiencyRatio,
    double? DenseEquivalentEnergyEfficiencyRatio,
    string? Skipped);

/// <summary>
/// Ratios of a simulated design against published accelerators. A ratio needs a number on both sides;
/// a baseline that reports only ratios of its own (or nothing yet) is listed with the reason it is skipped,
/// never compared against an invented figure.
/// </summary>
public static class BaselineComparison
{
    public static IReadOnlyList<BaselineRatio> Compare(DesignFigures design, IReadOnlyList<BaselineRecord> baselines)
    {
        var rows = new List<BaselineRatio>();
        foreach (var b in baselines)
        {
            double? tput = b.ThroughputGops is { } t ? design.EffectiveGops / t : null;
            double? tputDense = b.ThroughputGops is { } t2 ? design.DenseEquivalentGops / t2 : null;
            double? eff = b.EffectiveEnergyEfficiency is { } e && design.GopsPerWatt is { } d ? d / e : null;
            double? effDense = b.EffectiveEnergyEfficiency is { } e2 && design.DenseEquivalentGopsPerWatt is { } d2 ? d2 / e2 : null;
            string? skipped = null;
            if (tput is null && eff is null)
            {
                skipped = "reports no absolute figures";
            }
            else if (eff is null)
            {
                skipped = b.EffectiveEnergyEfficiency is null ? "baseline reports no energy figure" : "design energy unknown";
            }
            rows.Add(new BaselineRatio(b, tput, tputDense, eff, effDense, skipped));
        }
        return rows;
    }
}
