using Sim.Core.Monitoring;

namespace Sim.Components.Reports;

/// <summary>
/// Puts a run's timeline intervals in report order: by component name (ordinal), then start cycle, ties kept in
/// recording order, exactly as a stable sort would. One pass lists each component's intervals (in recording order);
/// each recorder appends in time order, so a component's list is normally sorted already and is copied as it is; a
/// component whose list is not is sorted stably by start.
/// </summary>
internal static class TimelineOrder
{
    public static ChunkedList<BusyInterval> Sort(IReadOnlyList<BusyInterval> intervals)
    {
        // Positions of each component's intervals, in recording order.
        var byComponent = new Dictionary<string, ChunkedList<int>>(StringComparer.Ordinal);
        for (var n = 0; n < intervals.Count; n++)
        {
            var component = intervals[n].Component;
            if (!byComponent.TryGetValue(component, out var positions))
            {
                positions = new ChunkedList<int>();
                byComponent.Add(component, positions);
            }
            positions.Add(n);
        }
        var names = byComponent.Keys.ToList();
        names.Sort(StringComparer.Ordinal);
        var sorted = new ChunkedList<BusyInterval>();
        foreach (var name in names)
        {
            var positions = byComponent[name];
            IEnumerable<int> ordered = IsSortedByStart(intervals, positions) ? positions : positions.OrderBy(n => intervals[n].Start);
            foreach (var n in ordered) sorted.Add(intervals[n]);
        }
        return sorted;
    }

    private static bool IsSortedByStart(IReadOnlyList<BusyInterval> intervals, ChunkedList<int> positions)
    {
        var previous = long.MinValue;
        foreach (var n in positions)
        {
            var start = intervals[n].Start;
            if (start < previous) return false;
            previous = start;
        }
        return true;
    }
}
