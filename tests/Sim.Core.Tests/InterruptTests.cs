using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Core.Tests;

public class InterruptTests
{
    [Fact]
    public void InterruptResumesAHandlingProcessWithTheCauseAndCancelsItsWait()
    {
        var sim = new Simulation();
        var log = new List<string>();
        IEnumerable<Event> Worker()
        {
            var self = sim.ActiveProcess!;
            self.HandlesFaults = true;
            yield return sim.Timeout(100);
            if (self.TakeFault() is InterruptException ie)
            {
                log.Add($"interrupted@{sim.Now} by {ie.Cause}");
            }
            yield return sim.Timeout(5);
            log.Add($"done@{sim.Now}");
        }
        var w = sim.Process(Worker(), "worker");
        IEnumerable<Event> Boss()
        {
            yield return sim.Timeout(30);
            w.Interrupt("reset");
        }
        sim.Process(Boss());
        sim.Run();
        Assert.Equal(["interrupted@30 by reset", "done@35"], log);
        // The abandoned 100-cycle timeout still fires at 100 but resumes nobody.
        Assert.Equal(100, sim.Now);
    }

    [Fact]
    public void AnUnhandledInterruptEndsTheProcessAndWithdrawsItsRequest()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1, "bus");
        IEnumerable<Event> Holder()
        {
            using var r = res.Request();
            yield return r;
            yield return sim.Timeout(50);
        }
        IEnumerable<Event> Waiter()
        {
            var r = res.Request();
            yield return r; // never granted before the interrupt
            res.Release(r);
        }
        IEnumerable<Event> Supervisor(Process victim)
        {
            yield return sim.Timeout(10);
            Assert.Equal(1, res.QueueLength);
            victim.Interrupt("abort");
            yield return victim; // observe the failure
            Assert.IsType<InterruptException>(sim.ActiveProcess!.TakeFault());
        }
        sim.Process(Holder());
        var waiter = sim.Process(Waiter(), "waiter");
        var sup = sim.Process(Supervisor(waiter));
        sup.HandlesFaults = true;
        sim.Run();
        Assert.False(waiter.IsAlive);
        Assert.IsType<InterruptException>(waiter.Error);
        Assert.Equal(0, res.QueueLength);
        Assert.Equal(0, res.InUse);
        Assert.Equal(50, sim.Now);
    }

    [Fact]
    public void InterruptingAnEndedProcessIsAnError()
    {
        var sim = new Simulation();
        IEnumerable<Event> Quick()
        {
            yield return sim.Timeout(1);
        }
        var p = sim.Process(Quick());
        sim.Run();
        Assert.Throws<InvalidOperationException>(() => p.Interrupt());
    }
}
