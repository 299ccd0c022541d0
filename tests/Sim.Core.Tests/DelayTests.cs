using Sim.Core;

namespace Sim.Core.Tests;

public class DelayTests
{
    [Fact]
    public void DelayAdvancesTimeLikeTimeoutAndReusesOneEventPerProcess()
    {
        var sim = new Simulation();
        var seen = new List<(long, Timeout)>();
        IEnumerable<Event> P()
        {
            foreach (var d in new long[] { 3, 0, 7 })
            {
                var t = sim.Delay(d);
                seen.Add((sim.Now + d, t));
                yield return t;
                Assert.Equal(seen[^1].Item1, sim.Now);
            }
        }
        sim.Process(P());
        sim.Run();
        Assert.Equal(10, sim.Now);
        Assert.Same(seen[0].Item2, seen[1].Item2);
        Assert.Same(seen[0].Item2, seen[2].Item2);
        Assert.True(seen[0].Item2.IsPooled);
    }

    [Fact]
    public void DelayAllocatesNothingPerEventInSteadyState()
    {
        var sim = new Simulation();
        IEnumerable<Event> P()
        {
            while (true)
            {
                yield return sim.Delay(2);
            }
        }
        for (var i = 0; i < 10; i++)
        {
            sim.Process(P());
        }
        sim.Run(1000); // warm up: queue arrays reach their size, code is compiled
        var before = GC.GetAllocatedBytesForCurrentThread();
        var events = sim.ProcessedEvents;
        sim.Run(100_000);
        var perEvent = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / (sim.ProcessedEvents - events);
        Assert.True(perEvent < 1, $"allocated {perEvent} bytes per event");
    }

    [Fact]
    public void DelayAfterAnInterruptDoesNotDisturbTheStillScheduledOne()
    {
        var sim = new Simulation();
        var times = new List<long>();
        IEnumerable<Event> Sleeper()
        {
            var self = sim.ActiveProcess!;
            self.HandlesFaults = true;
            yield return sim.Delay(100);
            Assert.IsType<InterruptException>(self.TakeFault());
            times.Add(sim.Now);
            yield return sim.Delay(5); // the first delay is still in the queue (fires at 100, resumes nobody)
            times.Add(sim.Now);
        }
        var p = sim.Process(Sleeper());
        sim.Timeout(10).AddCallback(_ => p.Interrupt());
        sim.Run();
        Assert.Equal([10L, 15L], times);
        Assert.Equal(100, sim.Now);
    }

    [Fact]
    public void DelayIsRefusedOutsideProcessesAndInConditions()
    {
        var sim = new Simulation();
        Assert.Throws<InvalidOperationException>(() => sim.Delay(1));
        Exception? inCondition = null, inCallback = null;
        IEnumerable<Event> P()
        {
            var d = sim.Delay(1);
            inCondition = Record.Exception(() => sim.AnyOf(d, sim.Timeout(2)));
            inCallback = Record.Exception(() => d.AddCallback(_ => { }));
            yield return d;
        }
        sim.Process(P());
        sim.Run();
        Assert.IsType<ArgumentException>(inCondition);
        Assert.IsType<InvalidOperationException>(inCallback);
    }
}
