using Sim.Core;
using Sim.Core.Monitoring;
using Sim.Core.Resources;

namespace Sim.Core.Tests;

public class DeterminismTests
{
    // A small random pipeline: producers with random gaps, a shared 2-unit resource, a bounded store,
    // consumers with random service times; everything recorded as busy intervals.
    private static string RunModel(ulong seed)
    {
        var sim = new Simulation(seed);
        var store = new Store<int>(sim, 3, "q");
        var res = new Resource(sim, 2, "engine");
        var recorders = new List<BusyRecorder>();
        IEnumerable<Event> Producer(int id)
        {
            var rng = sim.CreateRandom((ulong)id);
            var rec = new BusyRecorder(sim, $"prod{id}", "producers");
            recorders.Add(rec);
            for (var i = 0; i < 200; i++)
            {
                yield return sim.Timeout(rng.NextLong(20));
                using var r = res.Request();
                yield return r;
                rec.Begin($"item{i}");
                yield return sim.Timeout(1 + rng.NextLong(5));
                rec.End();
                yield return store.Put(id * 1000 + i);
            }
        }
        IEnumerable<Event> Consumer(int id)
        {
            var rng = sim.CreateRandom(100 + (ulong)id);
            var rec = new BusyRecorder(sim, $"cons{id}", "consumers");
            recorders.Add(rec);
            while (true)
            {
                var g = store.Get();
                yield return g;
                rec.Begin($"v{g.Item}");
                yield return sim.Timeout(1 + rng.NextLong(30));
                rec.End();
            }
        }
        for (var i = 0; i < 3; i++)
        {
            sim.Process(Producer(i));
        }
        for (var i = 0; i < 2; i++)
        {
            sim.Process(Consumer(i));
        }
        sim.Run();
        var w = new StringWriter();
        ChromeTrace.Write(w, recorders.SelectMany(r => r.Intervals), 1);
        return $"{sim.Now} {sim.ProcessedEvents}\n{w}";
    }

    [Fact]
    public void SameSeedGivesByteIdenticalTraces()
    {
        var a = RunModel(7);
        var b = RunModel(7);
        Assert.Equal(a, b);
        Assert.NotEqual(a, RunModel(8));
        Assert.Contains("\"ph\":\"X\"", a);
    }
}
