using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Core.Tests;

public class StoreTests
{
    [Fact]
    public void PutBlocksWhileFullAndResumesWhenSpaceFrees()
    {
        // Capacity 2; producer puts 4 items at once; consumer takes one every 10 cycles from t=10.
        // Puts 1,2 complete at 0; put 3 when item 1 is taken (10); put 4 at 20.
        var sim = new Simulation();
        var store = new Store<int>(sim, 2, "fifo");
        var putDone = new List<(int, long)>();
        var got = new List<(int, long)>();
        IEnumerable<Event> Producer()
        {
            for (var i = 1; i <= 4; i++)
            {
                yield return store.Put(i);
                putDone.Add((i, sim.Now));
            }
        }
        IEnumerable<Event> Consumer()
        {
            for (var i = 0; i < 4; i++)
            {
                yield return sim.Timeout(10);
                var g = store.Get();
                yield return g;
                got.Add((g.Item, sim.Now));
            }
        }
        sim.Process(Producer());
        sim.Process(Consumer());
        sim.Run();
        Assert.Equal([(1, 0L), (2, 0L), (3, 10L), (4, 20L)], putDone);
        Assert.Equal([(1, 10L), (2, 20L), (3, 30L), (4, 40L)], got);
    }

    [Fact]
    public void GetBlocksWhileEmptyAndGettersAreServedInOrder()
    {
        var sim = new Simulation();
        var store = new Store<string>(sim, 10);
        var got = new List<string>();
        IEnumerable<Event> Getter(string name)
        {
            var g = store.Get();
            yield return g;
            got.Add($"{name}:{g.Item}@{sim.Now}");
        }
        IEnumerable<Event> Putter()
        {
            yield return sim.Timeout(5);
            yield return store.Put("x");
            yield return store.Put("y");
        }
        sim.Process(Getter("g1"));
        sim.Process(Getter("g2"));
        sim.Process(Putter());
        sim.Run();
        Assert.Equal(["g1:x@5", "g2:y@5"], got);
    }

    [Fact]
    public void FilteredGetTakesTheFirstMatchAndDoesNotBlockOthers()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim, 10);
        var got = new List<string>();
        IEnumerable<Event> Getter(string name, Func<int, bool>? filter)
        {
            var g = store.Get(filter);
            yield return g;
            got.Add($"{name}:{g.Item}@{sim.Now}");
        }
        IEnumerable<Event> Putter()
        {
            yield return store.Put(1);
            yield return sim.Timeout(3);
            yield return store.Put(3);
            yield return store.Put(8);
        }
        sim.Process(Getter("even", x => x % 2 == 0));
        sim.Process(Getter("big", x => x > 2));
        sim.Process(Getter("any", null));
        sim.Process(Putter());
        sim.Run();
        // "any" takes 1 at t=0 although two filtered gets wait before it; at t=3 "big" takes 3, then "even" takes 8.
        Assert.Equal(["any:1@0", "big:3@3", "even:8@3"], got);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void CancelledGetDoesNotConsumeAnItem()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim, 1);
        var g = store.Get();
        Assert.True(g.Cancel());
        store.Put(42);
        sim.Run();
        Assert.Equal(1, store.Count);
        Assert.False(g.IsTriggered);
    }
}
