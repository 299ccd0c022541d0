using Sim.Core.Monitoring;

namespace Sim.Components.Reports;

/// <summary>
/// Puts a run's timeline intervals in report order: by component name (ordinal), then start cycle, ties kept in
/// recording order, exactly as a stable sort would. Done once per run over up to hundreds of thousands of intervals:
/// a stable bucket pass per component (each recorder appends in time order, so a bucket is normally sorted already),
/// and a comparison sort on integers only for a bucket that is not.
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

        // Stable counting sort by component rank.
        var ranks = new int[intervals.Count];
        var bucketStart = new int[names.Count + 1];
        for (var n = 0; n < ranks.Length; n++)
        {
            ranks[n] = rankOf[intervals[n].Component];
            bucketStart[ranks[n] + 1]++;
        }
        for (var r = 0; r < names.Count; r++) bucketStart[r + 1] += bucketStart[r];
        var keys = new Key[intervals.Count];
        var next = (int[])bucketStart.Clone();
        for (var n = 0; n < ranks.Length; n++) keys[next[ranks[n]]++] = new Key(intervals[n].Start, n);

        // Within a component, by start (ties in recording order).
        for (var r = 0; r < names.Count; r++)
        {
            var bucket = keys.AsSpan(bucketStart[r], bucketStart[r + 1] - bucketStart[r]);
            if (!IsSorted(bucket)) bucket.Sort(new KeyComparer());
        }
        var sorted = new List<BusyInterval>(keys.Length);
        foreach (var k in keys) sorted.Add(intervals[k.Index]);
        return sorted;
    }

    private static bool IsSorted(ReadOnlySpan<Key> keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i].Start < keys[i - 1].Start) return false;
        }
        return true;
    }

    private readonly record struct Key(long Start, int Index);

    private readonly struct KeyComparer : IComparer<Key>
    {
        public int Compare(Key a, Key b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Index.CompareTo(b.Index);
    }
}
