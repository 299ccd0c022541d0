using System.Globalization;
using Sim.Studies.Reports;

namespace Sim.Cli.Output;

/// <summary>
/// The one-line answer to "what limits this method" printed after the summary table: the share of an iteration's
/// cycles bound by each resource (docs/metrics.md, "Bottleneck attribution"), largest first, with the stages that
/// make it up, e.g. "bdwp 2:8: 62 % of cycles bound by compute (46 % wg, 9 % fp, 8 % bp), 27 % by dram (...)".
/// </summary>
public static class BoundSummary
{
    /// <summary>Shares below this fraction of the iteration are left out of the line.</summary>
    private const double Smallest = 0.005;

    public static string Line(MethodResult m)
    {
        var total = m.BoundCycles.Values.Sum();
        if (total <= 0) return $"{m.Label}: no cycles to attribute";
        string Pct(long cycles) => (100.0 * cycles / total).ToString(cycles * 10 < total ? "F1" : "F0", CultureInfo.InvariantCulture) + " %";
        var parts = new List<string>();
        foreach (var (bound, cycles) in m.BoundCycles.Where(kv => kv.Value >= Smallest * total).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var stages = m.StageBoundCycles
                .Select(s => (Stage: s.Key, Cycles: s.Value.GetValueOrDefault(bound)))
                .Where(s => s.Cycles >= Smallest * total).OrderByDescending(s => s.Cycles).ThenBy(s => s.Stage, StringComparer.Ordinal).ToList();
            var detail = stages.Count > 1 ? " (" + string.Join(", ", stages.Select(s => $"{Pct(s.Cycles)} {s.Stage}")) + ")"
                : stages.Count == 1 ? $" ({stages[0].Stage})" : "";
            var name = bound.Replace('_', ' ');
            parts.Add(parts.Count == 0 ? $"{Pct(cycles)} of cycles bound by {name}{detail}" : $"{Pct(cycles)} by {name}{detail}");
        }
        return $"{m.Label}: {string.Join(", ", parts)}";
    }
}
