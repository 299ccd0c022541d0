using Sim.Components.Reports;
using Sim.Core;
using Sim.Core.Monitoring;

namespace Sim.Components.Tests.Reports;

public class TimelineOrderTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MatchesAStableSortByComponentThenStart(bool recordedInTimeOrder)
    {
        // Reference: LINQ's OrderBy/ThenBy, which is stable. Few distinct starts so ties occur; the labels tell
        // tied intervals apart. Components named so ordinal order differs from first appearance and from culture order.
        var components = new[] { "PE array", "DRAM ch1", "DMA read", "DRAM ch0", "a lower-case unit" };
        var rng = new SplitMix64(7);
        var time = new long[components.Length];
        var intervals = new List<BusyInterval>();
        for (var n = 0; n < 2000; n++)
        {
            var c = (int)(rng.Next() % (ulong)components.Length);
            var start = recordedInTimeOrder ? time[c] += (long)(rng.Next() % 3) : (long)(rng.Next() % 50);
            intervals.Add(new BusyInterval(components[c], $"#{n}", start, start + 1));
        }
        var expected = intervals.OrderBy(i => i.Component, StringComparer.Ordinal).ThenBy(i => i.Start).ToList();
        Assert.Equal(expected, TimelineOrder.Sort(intervals));
    }

    [Fact]
    public void EmptyTimelineStaysEmpty() => Assert.Empty(TimelineOrder.Sort(new List<Sim.Core.Monitoring.BusyInterval>()));
}
