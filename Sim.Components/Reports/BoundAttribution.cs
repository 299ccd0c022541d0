using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Reports;

/// <summary>
/// Splits an iteration's cycles over (stage, bound) so they sum to the total and "what bounds the iteration" has one
/// answer. Every cycle goes to one (layer, stage) row. Rows other than N:M generation come first, by first start:
/// each gets the part of its span no earlier row covered (layer operations run one after another, so this is nearly
/// all of it). Generation rows then get only the cycles nothing else covers: with pre-generation they run beside the
/// weight updates and cost the iteration only where they stick out. A cycle no row covers counts as a dependence of
/// the next row to start. A row's critical cycles C (<see cref="LayerStageStats.CriticalCycles"/>) are split in
/// proportion to its active cycles A (<see cref="LayerStageStats.ActiveCycles"/>, at least its largest alone term):
/// its largest alone resource gets C' x alone / A of them (C': C without idle gaps), <see cref="Bound.Dependence"/>
/// the rest.
/// </summary>
public static class BoundAttribution
{
    /// <summary>The rows with <see cref="LayerStageStats.CriticalCycles"/> set (same order) and the shares.</summary>
    public static (IReadOnlyList<LayerStageStats> Rows, IReadOnlyList<BoundShare> Shares) Attribute(IReadOnlyList<LayerStageStats> rows, long totalCycles)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var owned = new long[rows.Count];
        var gaps = new long[rows.Count];
        var covered = new List<(long Start, long End)>();

        // Pass 1: everything but generation, earliest start first.
        long end = 0;
        foreach (var i in Order(rows, gen: false))
        {
            var r = rows[i];
            if (r.LastEnd <= end) continue;
            var from = Math.Max(r.FirstStart, end);
            owned[i] = r.LastEnd - from;
            Cover(covered, from, r.LastEnd);
            end = r.LastEnd;
        }
        // Pass 2: generation, only where nothing else runs.
        foreach (var i in Order(rows, gen: true))
        {
            var r = rows[i];
            owned[i] = Uncovered(covered, r.FirstStart, r.LastEnd);
            Cover(covered, r.FirstStart, r.LastEnd);
        }
        // Idle cycles: a dependence of the next row to start (or of the last row to end, after everything).
        long at = 0;
        foreach (var (s, e) in Merged(covered).Append((totalCycles, totalCycles)))
        {
            if (s > at && rows.Count > 0) gaps[Waiting(rows, s)] += s - at;
            at = Math.Max(at, e);
        }

        var sums = new Dictionary<(Stage, Bound), long>();
        var result = new LayerStageStats[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var critical = owned[i] + gaps[i];
            result[i] = r with { CriticalCycles = critical };
            var active = Math.Max(r.ActiveCycles, r.Alone.Max);
            var onResource = active == 0 ? 0 : (long)Math.Round((double)owned[i] * r.Alone.Max / active);
            Add(sums, (r.Stage, r.Alone.Largest), onResource);
            Add(sums, (r.Stage, Bound.Dependence), critical - onResource);
        }
        var shares = sums.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2)
            .Select(kv => new BoundShare(kv.Key.Item1, kv.Key.Item2, kv.Value)).ToList();
        return (result, shares);
    }

    private static IEnumerable<int> Order(IReadOnlyList<LayerStageStats> rows, bool gen)
        => Enumerable.Range(0, rows.Count).Where(i => (rows[i].Stage == Stage.Gen) == gen).OrderBy(i => rows[i].FirstStart).ThenBy(i => i);

    // The row waiting at an idle gap ending at `gapEnd`: the first to start there or later, else the last to end.
    private static int Waiting(IReadOnlyList<LayerStageStats> rows, long gapEnd)
    {
        int best = -1, latest = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].FirstStart >= gapEnd && (best < 0 || rows[i].FirstStart < rows[best].FirstStart)) best = i;
            if (rows[i].LastEnd > rows[latest].LastEnd) latest = i;
        }
        return best >= 0 ? best : latest;
    }

    private static void Cover(List<(long Start, long End)> covered, long start, long end)
    {
        if (end > start) covered.Add((start, end));
    }

    private static List<(long Start, long End)> Merged(List<(long Start, long End)> intervals)
    {
        var merged = new List<(long Start, long End)>();
        foreach (var (s, e) in intervals.OrderBy(x => x.Start))
        {
            if (merged.Count > 0 && s <= merged[^1].End)
            {
                if (e > merged[^1].End) merged[^1] = (merged[^1].Start, e);
            }
            else
            {
                merged.Add((s, e));
            }
        }
        return merged;
    }

    private static long Uncovered(List<(long Start, long End)> covered, long start, long end)
    {
        var free = end - start;
        foreach (var (s, e) in Merged(covered))
        {
            var overlap = Math.Min(e, end) - Math.Max(s, start);
            if (overlap > 0) free -= overlap;
        }
        return Math.Max(0, free);
    }

    private static void Add(Dictionary<(Stage, Bound), long> sums, (Stage, Bound) key, long cycles)
    {
        if (cycles == 0) return;
        sums[key] = sums.TryGetValue(key, out var v) ? v + cycles : cycles;
    }
}
