using System.Globalization;
using Sim.Core;
using Sim.Core.Monitoring;
using Sim.Core.Resources;

namespace Sim.Studies.Bench;

/// <summary>
/// A small, readable run of the kernel: a DMA engine loads tiles into a 2-slot on-chip buffer (a bounded
/// store, so it stalls when the buffer is full) and two workers take tiles and compete for one PE array
/// (a resource). It shows processes, back-pressure, resource contention and utilization in a few lines.
/// </summary>
public static class KernelDemo
{
    public static IReadOnlyList<string> Run(ulong seed, int tiles)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tiles);
        var sim = new Simulation(seed);
        var lines = new List<string>();
        var buffer = new Store<int>(sim, 2, "tile-buffer");
        var peArray = new Resource(sim, 1, "pe-array");
        var dmaBusy = new BusyRecorder(sim, "dma", "memory");
        var peBusy = new BusyRecorder(sim, "pe-array", "compute");
        var rng = sim.CreateRandom(1);
        var finished = 0;

        void Say(string who, string what) =>
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"cycle {sim.Now,5}  {who,-8} {what}"));

        IEnumerable<Event> Dma()
        {
            for (var t = 0; t < tiles; t++)
            {
                using (dmaBusy.Busy($"load tile {t}"))
                {
                    yield return sim.Timeout(10 + rng.NextLong(11));
                }
                var put = buffer.Put(t);
                Say("dma", put.IsTriggered
                    ? $"loaded tile {t} into the buffer ({buffer.Count}/{buffer.Capacity} full)"
                    : $"loaded tile {t}; buffer full, stalls");
                yield return put;
            }
        }

        IEnumerable<Event> Worker(string name)
        {
            while (finished < tiles)
            {
                var get = buffer.Get();
                yield return get;
                using var pe = peArray.Request();
                if (!pe.IsTriggered)
                {
                    Say(name, $"waits for the PE array with tile {get.Item}");
                }
                yield return pe;
                using (peBusy.Busy($"tile {get.Item}"))
                {
                    yield return sim.Timeout(25);
                }
                finished++;
                Say(name, $"computed tile {get.Item}");
            }
        }

        sim.Process(Dma(), "dma");
        sim.Process(Worker("worker0"), "worker0");
        sim.Process(Worker("worker1"), "worker1");
        sim.Run();

        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"done at cycle {sim.Now} after {sim.ProcessedEvents} events: dma busy {dmaBusy.Utilization(0, sim.Now):P1}, pe-array busy {peBusy.Utilization(0, sim.Now):P1}"));
        // The worker that found no tile left still waits on the empty buffer: the kernel can say so.
        if (sim.DeadlockReport() is { } waiting)
        {
            lines.Add($"still waiting at the end (expected: nothing left to compute): {waiting.Waiting.Count} process(es)");
            lines.AddRange(waiting.Waiting.Select(w => $"  {w.Process} waits on {w.WaitsOn}"));
        }
        return lines;
    }
}
