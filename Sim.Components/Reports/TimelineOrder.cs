using Sim.Core.Monitoring;

namespace Sim.Components.Reports;

/// <summary>
/// Puts a run's timeline intervals in report order: by component name (ordinal), then start cycle, ties kept in
/// recording order, exactly as a stable sort would. Done once per run over up to hundreds of thousands of intervals,
/// so it compares precomputed component ranks and integers instead of strings.
/// </summary>
internal static class TimelineOrder
{
    public static List<BusyInterval> Sort(List<BusyInterval> intervals)
    {
        var names = new List<string>();
        var rankOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var i in intervals)
        {
            if (rankOf.TryAdd(i.Component, 0)) names.Add(i.Component);
        }
        names.Sort(StringComparer.Ordinal);
        for (var r = 0; r < names.Count; r++) rankOf[names[r]] = r;

        var keys = new Key[intervals.Count];
        for (var n = 0; n < keys.Length; n++) keys[n] = new Key(rankOf[intervals[n].Component], intervals[n].Start, n);
        keys.AsSpan().Sort(new KeyComparer());
        var sorted = new List<BusyInterval>(keys.Length);
        foreach (var k in keys) sorted.Add(intervals[k.Index]);
        return sorted;
    }

    private readonly record struct Key(int Rank, long Start, int Index);

    private readonly struct KeyComparer : IComparer<Key>
    {
        public int Compare(Key a, Key b)
        {
            if (a.Rank != b.Rank) return a.Rank < b.Rank ? -1 : 1;
            if (a.Start != b.Start) return a.Start < b.Start ? -1 : 1;
            return a.Index.CompareTo(b.Index);
        }
    }
}
