using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Core.Tests;

public class DeadlockTests
{
    private static Simulation BuildHungModel()
    {
        // A writer fills a 2-slot FIFO nobody drains; a reader holds the bus and waits for a "done" signal
        // nobody sends; a second bus user waits for the bus; a filtered reader waits for a tile that never comes.
        var sim = new Simulation();
        var fifo = new Store<int>(sim, 2, "tile-fifo");
        var bus = new Resource(sim, 1, "axi-bus");
        var done = sim.Event();
        done.Description = "layer done";
        IEnumerable<Event> Writer()
        {
            for (var i = 0; i < 3; i++)
            {
                yield return fifo.Put(i);
            }
        }
        IEnumerable<Event> Holder()
        {
            using var r = bus.Request();
            yield return r;
            yield return sim.Timeout(7);
            yield return done;
        }
        IEnumerable<Event> BusUser()
        {
            yield return sim.Timeout(1);
            using var r = bus.Request();
            yield return r;
        }
        IEnumerable<Event> Picky()
        {
            var g = fifo.Get(x => x > 100);
            yield return g;
        }
        sim.Process(Writer(), "writer");
        sim.Process(Holder(), "holder");
        sim.Process(BusUser(), "dma");
        sim.Process(Picky(), "picky");
        return sim;
    }

    [Fact]
    public void ReportNamesEveryWaitingProcessAndWhatItWaitsOn()
    {
        var sim = BuildHungModel();
        sim.Run();
        var report = sim.DeadlockReport();
        Assert.NotNull(report);
        Assert.Equal(7, report!.Time);
        var expected = string.Join('\n',
            "Deadlock at cycle 7: no event is scheduled but 4 processes wait:",
            "  process 'writer' waits on put to store 'tile-fifo' (2/2 items, 1 puts and 1 gets waiting)",
            "  process 'holder' waits on event 'layer done'",
            "  process 'dma' waits on request for resource 'axi-bus' (capacity 1, in use 1 by 'holder', 1 waiting)",
            "  process 'picky' waits on filtered get from store 'tile-fifo' (2/2 items, 1 puts and 1 gets waiting)");
        Assert.Equal(expected, report.ToString());
    }

    [Fact]
    public void ThrowOnDeadlockRaisesWithTheReportText()
    {
        var sim = BuildHungModel();
        sim.ThrowOnDeadlock = true;
        var ex = Assert.Throws<DeadlockException>(() => sim.Run());
        Assert.Equal(sim.DeadlockReport()!.ToString(), ex.Message);
        Assert.Contains("'dma' waits on request for resource 'axi-bus'", ex.Message);
    }

    [Fact]
    public void NoReportWhenEveryProcessFinished()
    {
        var sim = new Simulation { ThrowOnDeadlock = true };
        IEnumerable<Event> P()
        {
            yield return sim.Timeout(3);
        }
        sim.Process(P());
        sim.Run();
        Assert.Null(sim.DeadlockReport());
    }

    [Fact]
    public void RunUntilAnEventThatNeverComesExplainsWhy()
    {
        var sim = BuildHungModel();
        var never = sim.Event();
        never.Description = "never";
        var ex = Assert.Throws<SimulationException>(() => sim.Run(never));
        Assert.StartsWith("The queue emptied at cycle 7 before event 'never' was processed.\nDeadlock at cycle 7", ex.Message);
    }
}
