namespace Sim.Studies.Reports;

/// <summary>
/// Turns busy intervals into <see cref="TimelineData"/>: per component, overlapping intervals are merged first
/// (a component is busy or not; several outstanding requests on one DRAM channel do not make it more than
/// 100% busy), then the busy time is split over equal bins. Exact for any interval boundaries.
/// </summary>
public static class TimelineBuilder
{
    /// <summary>One busy interval of a component, in cycles [Start, End).</summary>
    public readonly record struct Span(string Component, long Start, long End);

    /// <summary>Builds the timeline of a simulation's recorded busy intervals.</summary>
    public static TimelineData Build(string title, IEnumerable<Sim.Core.Monitoring.BusyInterval> intervals, long totalCycles, int bins, double clockMHz) =>
        Build(title, intervals.Select(i => new Span(i.Component, i.Start, i.End)), totalCycles, bins, clockMHz);

    public static TimelineData Build(string title, IEnumerable<Span> intervals, long totalCycles, int bins, double clockMHz)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var byComponent = new SortedDictionary<string, List<(long Start, long End)>>(StringComparer.Ordinal);
        var end = totalCycles;
        foreach (var span in intervals)
        {
            if (span.End <= span.Start)
            {
                continue;
            }
            if (!byComponent.TryGetValue(span.Component, out var list))
            {
                byComponent[span.Component] = list = [];
            }
            list.Add((span.Start, span.End));
            end = Math.Max(end, span.End);
        }
        end = Math.Max(end, 1);
        var binCycles = Math.Max(1, (end + bins - 1) / bins);
        var binCount = (int)((end + binCycles - 1) / binCycles);
        var rows = new List<ComponentUtilization>(byComponent.Count);
        foreach (var (component, list) in byComponent)
        {
            var busy = new double[binCount];
            long total = 0;
            foreach (var (s, e) in Merge(list))
            {
                total += e - s;
                var first = (int)(s / binCycles);
                var last = (int)((e - 1) / binCycles);
                for (var b = first; b <= last; b++)
                {
                    var lo = Math.Max(s, b * binCycles);
                    var hi = Math.Min(e, (b + 1) * binCycles);
                    busy[b] += hi - lo;
                }
            }
            var utilization = new double[binCount];
            for (var b = 0; b < binCount; b++)
            {
                var width = Math.Min(binCycles, end - (long)b * binCycles);
                utilization[b] = busy[b] / width;
            }
            rows.Add(new ComponentUtilization(component, (double)total / end, utilization));
        }
        return new TimelineData(title, binCycles, end, clockMHz, rows);
    }

    /// <summary>Union of intervals, sorted and non-overlapping.</summary>
    public static List<(long Start, long End)> Merge(List<(long Start, long End)> intervals)
    {
        intervals.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        var merged = new List<(long Start, long End)>(intervals.Count);
        foreach (var (s, e) in intervals)
        {
            if (merged.Count > 0 && s <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, e));
            }
            else
            {
                merged.Add((s, e));
            }
        }
        return merged;
    }
}
