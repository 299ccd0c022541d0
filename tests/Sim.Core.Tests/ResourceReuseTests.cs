using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Core.Tests;

/// <summary><see cref="Resource.RequestNext"/> re-arms a released request: same timing and event count as
/// <see cref="Resource.Request"/>, and a request still held or not yet processed is never handed out again.</summary>
public class ResourceReuseTests
{
    // Two workers share a Resource(1): worker A holds it 3 cycles per claim, worker B 5; each claims 4 times.
    // Returns (worker, grant time) in order, the processed event count, and the distinct request objects used.
    private static (List<(string, long)> Grants, long Events, int Requests) Run(bool reuse)
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1, "bus");
        var grants = new List<(string, long)>();
        var requests = new HashSet<object>(ReferenceEqualityComparer.Instance);
        IEnumerable<Event> Worker(string name, long hold)
        {
            Request? req = null;
            for (var i = 0; i < 4; i++)
            {
                req = reuse ? res.RequestNext(req) : res.Request();
                requests.Add(req);
                using (req)
                {
                    yield return req;
                    grants.Add((name, sim.Now));
                    yield return sim.Delay(hold);
                }
            }
        }
        sim.Process(Worker("A", 3));
        sim.Process(Worker("B", 5));
        sim.Run();
        return (grants, sim.ProcessedEvents, requests.Count);
    }

    [Fact]
    public void ReusingRequestsKeepsTimingAndEventCount()
    {
        var fresh = Run(reuse: false);
        var reused = Run(reuse: true);
        // By hand: A at 0 (holds to 3), B waits and gets it at 3 (to 8); A re-requested at 3 behind B: 8 (to 11);
        // B re-requested at 8 behind A: 11 (to 16); and so on, alternating: A 0, 8, 16, 24; B 3, 11, 19, 27.
        Assert.Equal([("A", 0L), ("B", 3L), ("A", 8L), ("B", 11L), ("A", 16L), ("B", 19L), ("A", 24L), ("B", 27L)], fresh.Grants);
        Assert.Equal(fresh.Grants, reused.Grants);
        Assert.Equal(fresh.Events, reused.Events);
        Assert.Equal(8, fresh.Requests);
        Assert.Equal(2, reused.Requests);
    }

    [Fact]
    public void HeldOrUnprocessedRequestsAreNotReused()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 2);
        var first = res.Request();
        Assert.NotSame(first, res.RequestNext(first)); // still held (and not processed)
        sim.Run();
        Assert.Equal(RequestState.Granted, first.State);
        Assert.NotSame(first, res.RequestNext(first)); // processed but still held
        res.Release(first);
        var other = new Resource(sim, 1);
        Assert.NotSame(first, other.RequestNext(first)); // another resource's request
        var again = res.RequestNext(first);
        Assert.Same(first, again);
        Assert.False(again.IsTriggered);
        Assert.Equal(RequestState.Waiting, again.State); // both units are taken by the two earlier requests
    }
}
