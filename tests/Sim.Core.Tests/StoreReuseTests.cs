using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Core.Tests;

/// <summary><see cref="Store{T}.GetNext"/> and <see cref="Store{T}.Post"/> reuse processed events: same timing and
/// event count as Get/Put, and an event still pending or still awaited is never handed out again.</summary>
public class StoreReuseTests
{
    // Producer puts 6 items into a capacity-2 store; consumer takes one every 7 cycles. Returns what was taken when,
    // when each put completed, the processed event count and how many distinct get/put objects were used.
    private static (List<(int, long)> Got, List<(int, long)> Put, long Events, int Gets, int Puts) Run(bool reuse)
    {
        var sim = new Simulation();
        var store = new Store<int>(sim, 2);
        var got = new List<(int, long)>();
        var putDone = new List<(int, long)>();
        var gets = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var puts = new HashSet<object>(ReferenceEqualityComparer.Instance);
        IEnumerable<Event> Producer()
        {
            for (var i = 1; i <= 6; i++)
            {
                var put = reuse ? store.Post(i) : store.Put(i);
                puts.Add(put);
                yield return put;
                putDone.Add((i, sim.Now));
                yield return sim.Timeout(1);
            }
        }
        IEnumerable<Event> Consumer()
        {
            StoreGet<int>? get = null;
            for (var i = 0; i < 6; i++)
            {
                yield return sim.Timeout(7);
                get = reuse ? store.GetNext(get) : store.Get();
                gets.Add(get);
                yield return get;
                got.Add((get.Item, sim.Now));
            }
        }
        sim.Process(Producer());
        sim.Process(Consumer());
        sim.Run();
        return (got, putDone, sim.ProcessedEvents, gets.Count, puts.Count);
    }

    [Fact]
    public void ReusingEventsKeepsTimingAndEventCount()
    {
        var fresh = Run(reuse: false);
        var reused = Run(reuse: true);
        // Hand timeline: puts of items 1 and 2 complete at 0 and 1; item k>=3 waits for the consumer's take at 7(k-2).
        Assert.Equal([(1, 7L), (2, 14L), (3, 21L), (4, 28L), (5, 35L), (6, 42L)], fresh.Got);
        Assert.Equal([(1, 0L), (2, 1L), (3, 7L), (4, 14L), (5, 21L), (6, 28L)], fresh.Put);
        Assert.Equal(fresh.Got, reused.Got);
        Assert.Equal(fresh.Put, reused.Put);
        Assert.Equal(fresh.Events, reused.Events);
        Assert.Equal(6, fresh.Gets);
        Assert.Equal(1, reused.Gets);
        Assert.Equal(1, reused.Puts);
    }

    [Fact]
    public void PendingGetIsNotReused()
    {
        var sim = new Simulation();
        var store = new Store<string>(sim, 4);
        var first = store.Get();
        var second = store.GetNext(first); // first still waits for an item
        Assert.NotSame(first, second);
        store.Put("a");
        store.Put("b");
        sim.Run();
        Assert.Equal("a", first.Item);
        Assert.Equal("b", second.Item);
        var third = store.GetNext(first);
        Assert.Same(first, third);
        Assert.False(third.IsTriggered);
    }

    [Fact]
    public void PendingPostIsNotReused()
    {
        // Capacity 1: the first post is accepted, the second waits for space; a third post must not reuse either.
        var sim = new Simulation();
        var store = new Store<int>(sim, 1);
        var p1 = store.Post(1);
        var p2 = store.Post(2);
        var p3 = store.Post(3);
        Assert.True(p1.IsTriggered);
        Assert.False(p2.IsTriggered);
        Assert.NotSame(p1, p3);
        Assert.NotSame(p2, p3);
        Assert.Equal(3, p3.Item);
        var got = new List<int>();
        IEnumerable<Event> Consumer()
        {
            for (var i = 0; i < 3; i++)
            {
                var g = store.Get();
                yield return g;
                got.Add(g.Item);
            }
        }
        sim.Process(Consumer());
        sim.Run();
        Assert.Equal([1, 2, 3], got);
        Assert.Equal(2, p2.Item);
        // Every post is processed now: the next one reuses the oldest.
        Assert.Same(p1, store.Post(4));
    }
}
