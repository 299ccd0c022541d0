using Sim.Core;

namespace Sim.Core.Tests;

public class OrderingTests
{
    [Fact]
    public void TimeoutsFireAtTheirTimes()
    {
        var sim = new Simulation();
        var log = new List<(string, long)>();
        IEnumerable<Event> P(string name, long d1, long d2)
        {
            yield return sim.Timeout(d1);
            log.Add((name, sim.Now));
            yield return sim.Timeout(d2);
            log.Add((name, sim.Now));
        }
        sim.Process(P("a", 5, 10));
        sim.Process(P("b", 3, 1));
        sim.Run();
        Assert.Equal([("b", 3), ("b", 4), ("a", 5), ("a", 15)], log);
        Assert.Equal(15, sim.Now);
    }

    [Fact]
    public void EqualTimesAreFifoAtScale()
    {
        // 150,000 events at the same time and priority, scheduled interleaved with later and more urgent
        // ones: they must come out exactly in creation order (SimSharp 3.4.2 breaks this above 1024).
        const int n = 150_000;
        var sim = new Simulation();
        var order = new List<int>(n);
        var events = new List<(int Key, Event Ev)>();
        for (var i = 0; i < n; i++)
        {
            var k = i;
            var t = sim.Timeout(100);
            t.AddCallback(_ => order.Add(k));
            if (i % 3 == 0)
            {
                sim.Timeout(200).AddCallback(_ => order.Add(-1));
            }
        }
        sim.Run();
        Assert.Equal(n + (n + 2) / 3, order.Count);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(i, order[i]);
        }
    }

    [Fact]
    public void PriorityOrdersEventsAtTheSameTimeAndFifoWithinPriority()
    {
        var sim = new Simulation();
        var order = new List<string>();
        IEnumerable<Event> Trigger()
        {
            yield return sim.Timeout(10);
            var names = new[] { ("p1a", 1), ("p0a", 0), ("pm1", -1), ("p1b", 1), ("p0b", 0) };
            foreach (var (name, prio) in names)
            {
                var e = sim.Event();
                e.AddCallback(_ => order.Add(name));
                e.Succeed(null, prio);
            }
        }
        sim.Process(Trigger());
        sim.Run();
        Assert.Equal(["pm1", "p0a", "p0b", "p1a", "p1b"], order);
    }

    [Fact]
    public void RunUntilStopsBeforeEventsAtThatTime()
    {
        var sim = new Simulation();
        var fired = new List<long>();
        foreach (var d in new long[] { 5, 10, 15 })
        {
            sim.Timeout(d).AddCallback(e => fired.Add(sim.Now));
        }
        sim.Run(10);
        Assert.Equal([5L], fired);
        Assert.Equal(10, sim.Now);
        sim.Run();
        Assert.Equal([5L, 10L, 15L], fired);
        Assert.Equal(3, sim.ProcessedEvents);
    }

    [Fact]
    public void RunUntilEventStopsRightAfterIt()
    {
        var sim = new Simulation();
        var stop = sim.Timeout(7);
        var late = sim.Timeout(8);
        sim.Run(stop);
        Assert.True(stop.IsProcessed);
        Assert.False(late.IsProcessed);
        Assert.Equal(7, sim.Now);
    }

    [Fact]
    public void StepProcessesOneEventAtATime()
    {
        var sim = new Simulation();
        sim.Timeout(3);
        sim.Timeout(1);
        Assert.True(sim.Step());
        Assert.Equal(1, sim.Now);
        Assert.True(sim.Step());
        Assert.Equal(3, sim.Now);
        Assert.False(sim.Step());
        Assert.Equal(2, sim.ProcessedEvents);
    }

    [Fact]
    public void NegativeDelayIsRejected()
    {
        var sim = new Simulation();
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Timeout(-1));
    }
}
