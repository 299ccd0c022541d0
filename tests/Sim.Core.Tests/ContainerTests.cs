using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Core.Tests;

public class ContainerTests
{
    [Fact]
    public void GetWaitsForLevelAndPutWaitsForRoom()
    {
        var sim = new Simulation();
        var tank = new Container(sim, capacity: 10, initial: 2);
        var log = new List<string>();
        IEnumerable<Event> Consumer()
        {
            yield return tank.Get(5); // level 2 -> waits for the put at t=4 (2+6=8 -> 3)
            log.Add($"got5@{sim.Now} level={tank.Level}");
        }
        IEnumerable<Event> Producer()
        {
            yield return sim.Timeout(4);
            yield return tank.Put(6);
            log.Add($"put6@{sim.Now} level={tank.Level}");
            yield return tank.Put(9); // 3+9 > 10: waits for the get at t=6
            log.Add($"put9@{sim.Now} level={tank.Level}");
        }
        IEnumerable<Event> Drainer()
        {
            yield return sim.Timeout(6);
            yield return tank.Get(3);
            log.Add($"got3@{sim.Now} level={tank.Level}");
        }
        sim.Process(Consumer());
        sim.Process(Producer());
        sim.Process(Drainer());
        sim.Run();
        // At t=4 the put succeeds first, then the get it enables (both scheduled in that order).
        Assert.Equal(["put6@4 level=3", "got5@4 level=3", "got3@6 level=9", "put9@6 level=9"], log);
    }

    [Fact]
    public void AmountsOutsideTheCapacityAreRejected()
    {
        var sim = new Simulation();
        var c = new Container(sim, 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Put(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Get(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Container(sim, 5, 7));
    }
}
