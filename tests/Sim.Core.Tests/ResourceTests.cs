using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Core.Tests;

public class ResourceTests
{
    [Fact]
    public void CapacityTwoServesThreeJobsAsHandComputed()
    {
        // Jobs of 10, 4, 6 cycles arrive at 0 on two units: job A 0-10, B 0-4, C 4-10.
        var sim = new Simulation();
        var res = new Resource(sim, 2, "alu");
        var spans = new Dictionary<string, (long, long)>();
        IEnumerable<Event> Job(string name, long work)
        {
            using var req = res.Request();
            yield return req;
            var start = sim.Now;
            yield return sim.Timeout(work);
            spans[name] = (start, sim.Now);
        }
        sim.Process(Job("A", 10));
        sim.Process(Job("B", 4));
        sim.Process(Job("C", 6));
        sim.Run();
        Assert.Equal((0L, 10L), spans["A"]);
        Assert.Equal((0L, 4L), spans["B"]);
        Assert.Equal((4L, 10L), spans["C"]);
        Assert.Equal(0, res.InUse);
    }

    [Fact]
    public void WaitingRequestsAreServedByPriorityThenArrival()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1);
        var order = new List<string>();
        IEnumerable<Event> Holder()
        {
            using var req = res.Request();
            yield return req;
            yield return sim.Timeout(5);
        }
        IEnumerable<Event> Job(string name, long arrive, int prio)
        {
            yield return sim.Timeout(arrive);
            using var req = res.Request(prio);
            yield return req;
            order.Add(name);
            yield return sim.Timeout(1);
        }
        sim.Process(Holder());
        sim.Process(Job("low1", 1, 5));
        sim.Process(Job("high", 2, 0));
        sim.Process(Job("low2", 3, 5));
        sim.Process(Job("high2", 4, 0));
        sim.Run();
        Assert.Equal(["high", "high2", "low1", "low2"], order);
    }

    [Fact]
    public void DisposingAWaitingRequestWithdrawsIt()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1);
        var first = res.Request();
        var second = res.Request();
        Assert.Equal(1, res.QueueLength);
        second.Dispose();
        Assert.Equal(0, res.QueueLength);
        Assert.Equal(RequestState.Cancelled, second.State);
        first.Dispose();
        Assert.Equal(0, res.InUse);
        first.Dispose(); // twice is harmless
        sim.Run();
        Assert.False(second.IsTriggered);
    }

    [Fact]
    public void ReleaseGrantsTheNextRequestAtTheSameTime()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1);
        long granted = -1;
        IEnumerable<Event> A()
        {
            var r = res.Request();
            yield return r;
            yield return sim.Timeout(7);
            res.Release(r);
        }
        IEnumerable<Event> B()
        {
            var r = res.Request();
            yield return r;
            granted = sim.Now;
            res.Release(r);
        }
        sim.Process(A());
        sim.Process(B());
        sim.Run();
        Assert.Equal(7, granted);
    }

    [Fact]
    public void InvalidCapacityIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resource(new Simulation(), 0));
    }
}
