using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Core.Tests;

public class FaultTests
{
    [Fact]
    public void UnobservedProcessFailureStopsRunNamingProcessAndTime()
    {
        var sim = new Simulation();
        IEnumerable<Event> Bad()
        {
            yield return sim.Timeout(42);
            throw new InvalidOperationException("boom");
        }
        sim.Process(Bad(), "dma0");
        var ex = Assert.Throws<SimulationException>(() => sim.Run());
        Assert.Contains("process 'dma0'", ex.Message);
        Assert.Contains("cycle 42", ex.Message);
        Assert.Contains("boom", ex.Message);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.Equal(42, ex.Time);
    }

    [Fact]
    public void AWaiterOnAFailedProcessFailsWithTheSameErrorAfterRunningItsFinallyBlocks()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1);
        var cleaned = false;
        IEnumerable<Event> Child()
        {
            yield return sim.Timeout(5);
            throw new InvalidOperationException("child broke");
        }
        IEnumerable<Event> Parent()
        {
            using var req = res.Request();
            yield return req;
            try
            {
                yield return sim.Process(Child(), "child");
                Assert.Fail("the parent must not continue after the child failed");
            }
            finally
            {
                cleaned = true;
            }
        }
        sim.Process(Parent(), "parent");
        var ex = Assert.Throws<SimulationException>(() => sim.Run());
        Assert.Contains("process 'parent' (while waiting on process 'child')", ex.Message);
        Assert.Equal("child broke", ex.InnerException!.Message);
        Assert.True(cleaned);
        Assert.Equal(0, res.InUse); // the using block released the unit
    }

    [Fact]
    public void AProcessHandlingFaultsSeesTheErrorAndContinues()
    {
        var sim = new Simulation();
        string? seen = null;
        IEnumerable<Event> Child()
        {
            yield return sim.Timeout(5);
            throw new InvalidOperationException("bad tile");
        }
        IEnumerable<Event> Parent()
        {
            var self = sim.ActiveProcess!;
            self.HandlesFaults = true;
            yield return sim.Process(Child());
            seen = self.TakeFault()?.Message;
            yield return sim.Timeout(1);
        }
        var parent = sim.Process(Parent());
        sim.Run();
        Assert.Equal("bad tile", seen);
        Assert.True(parent.IsOk);
        Assert.Equal(6, sim.Now);
    }

    [Fact]
    public void AFaultNotTakenBeforeTheNextYieldFailsTheProcess()
    {
        var sim = new Simulation();
        var failing = sim.Event();
        IEnumerable<Event> P()
        {
            sim.ActiveProcess!.HandlesFaults = true;
            yield return failing;
            yield return sim.Timeout(1); // fault ignored
        }
        var p = sim.Process(P(), "careless");
        failing.Fail(new TimeoutException("late"));
        var ex = Assert.Throws<SimulationException>(() => sim.Run());
        Assert.Contains("'careless'", ex.Message);
        Assert.IsType<TimeoutException>(p.Error);
    }

    [Fact]
    public void AFailedBareEventNobodyWaitsOnStopsRun()
    {
        var sim = new Simulation();
        sim.Event().Fail(new InvalidOperationException("lost"));
        var ex = Assert.Throws<SimulationException>(() => sim.Run());
        Assert.Contains("lost", ex.Message);
    }

    [Fact]
    public void AllOfFailsWhenOneEventFails()
    {
        var sim = new Simulation();
        var bad = sim.Event();
        var all = sim.AllOf(sim.Timeout(10), bad);
        Exception? seen = null;
        all.AddCallback(e => seen = e.Error);
        bad.Fail(new ArgumentException("x"));
        sim.Run();
        Assert.IsType<ArgumentException>(seen);
    }
}
