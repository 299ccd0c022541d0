using Sim.Core;

namespace Sim.Core.Tests;

public class ProcessTests
{
    [Fact]
    public void AProcessIsAnEventOthersCanWaitOn()
    {
        var sim = new Simulation();
        long joined = -1;
        IEnumerable<Event> Child()
        {
            yield return sim.Timeout(12);
        }
        IEnumerable<Event> Parent()
        {
            var child = sim.Process(Child(), "child");
            yield return child;
            joined = sim.Now;
            Assert.True(child.IsOk);
            Assert.False(child.IsAlive);
        }
        sim.Process(Parent(), "parent");
        sim.Run();
        Assert.Equal(12, joined);
    }

    [Fact]
    public void SucceedValueReachesTheWaiter()
    {
        var sim = new Simulation();
        var signal = sim.Event();
        object? got = null;
        IEnumerable<Event> Waiter()
        {
            yield return signal;
            got = signal.Value;
        }
        IEnumerable<Event> Signaller()
        {
            yield return sim.Timeout(4);
            signal.Succeed("go");
        }
        sim.Process(Waiter());
        sim.Process(Signaller());
        sim.Run();
        Assert.Equal("go", got);
        Assert.Equal(4, sim.Now);
    }

    [Fact]
    public void YieldingAnAlreadyProcessedEventContinuesAtOnce()
    {
        var sim = new Simulation();
        var done = sim.Timeout(1);
        var times = new List<long>();
        IEnumerable<Event> P()
        {
            yield return sim.Timeout(5);
            yield return done; // processed at 1
            times.Add(sim.Now);
        }
        sim.Process(P());
        sim.Run();
        Assert.Equal([5L], times);
    }

    [Fact]
    public void AllOfWaitsForTheLastAndAnyOfForTheFirst()
    {
        var sim = new Simulation();
        long all = -1, any = -1;
        object? first = null;
        IEnumerable<Event> P()
        {
            var a = sim.Timeout(3);
            var b = sim.Timeout(9);
            var c = sim.Timeout(6);
            var anyOf = sim.AnyOf(a, b, c);
            yield return anyOf;
            any = sim.Now;
            first = anyOf.Value;
            Assert.Same(a, first);
            yield return sim.AllOf(a, b, c);
            all = sim.Now;
        }
        sim.Process(P());
        sim.Run();
        Assert.Equal(3, any);
        Assert.Equal(9, all);
    }

    [Fact]
    public void EmptyConditionsSucceedImmediately()
    {
        var sim = new Simulation();
        var all = sim.AllOf();
        var any = sim.AnyOf(Array.Empty<Event>());
        sim.Run();
        Assert.True(all.IsOk);
        Assert.True(any.IsOk);
        Assert.Equal(0, sim.Now);
    }

    [Fact]
    public void DefaultNameComesFromTheIteratorMethod()
    {
        var sim = new Simulation();
        var p = sim.Process(Worker(sim));
        Assert.Equal("Worker#1", p.Name);
        IEnumerable<Event> Local()
        {
            yield return sim.Timeout(1);
        }
        Assert.Equal("Local#2", sim.Process(Local()).Name);
    }

    private static IEnumerable<Event> Worker(Simulation sim)
    {
        yield return sim.Timeout(1);
    }
}
