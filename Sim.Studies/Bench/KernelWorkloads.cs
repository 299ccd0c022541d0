using System.Diagnostics;
using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Studies.Bench;

/// <summary>
/// The two kernel benchmark workloads, shared by <c>satsim bench kernel</c> and BenchmarkDotNet so both
/// measure the same thing. Throughput: many processes each yielding many random timeouts (event-queue
/// bound). Pipeline: a 4-stage chain through bounded stores and per-stage resources (resource bound).
/// Processes use the kernel's reusable events (<see cref="Simulation.Delay"/>, <see cref="Store{T}.GetNext"/>,
/// <see cref="Store{T}.Post"/>, <see cref="Resource.RequestNext"/>: no allocation per event) unless <c>freshEvents</c>
/// asks for a new event object per wait (<see cref="Sim.Core.Timeout"/>, Get, Put, Request), as SimSharp does.
/// </summary>
public static class KernelWorkloads
{
    /// <summary>Fraction of the events run before measuring starts (JIT tiering and heap growth settle).</summary>
    public const double WarmupFraction = 0.1;

    /// <summary>Throughput: process i draws delays 1 + floor(2e7 u), u = SplitMix64(seed + i).NextDouble().</summary>
    public static Simulation BuildThroughput(ulong seed, int processes, int timeouts, bool freshEvents = false)
    {
        var sim = new Simulation(seed);
        for (var i = 0; i < processes; i++)
        {
            sim.Process(TimeoutWorker(sim, new SplitMix64(seed + (ulong)i), timeouts, freshEvents), "worker");
        }
        return sim;
    }

    /// <summary>Pipeline: stages 0..3 joined by 3 stores of capacity 4; stage k holds its own Resource(1)
    /// for one timeout of 1 + floor(10 u) cycles, u from SplitMix64(seed * 1000 + k).</summary>
    public static (Simulation Sim, Func<long> Delivered) BuildPipeline(ulong seed, int items, bool freshEvents = false)
    {
        const int stages = 4;
        var sim = new Simulation(seed);
        var stores = new Store<long>[stages - 1];
        for (var k = 0; k < stores.Length; k++)
        {
            stores[k] = new Store<long>(sim, 4, $"s{k}");
        }
        var delivered = new long[1];
        for (var k = 0; k < stages; k++)
        {
            var input = k > 0 ? stores[k - 1] : null;
            var output = k < stages - 1 ? stores[k] : null;
            var rng = new SplitMix64(seed * 1000 + (ulong)k);
            sim.Process(Stage(sim, input, output, new Resource(sim, 1, $"r{k}"), rng, items, delivered, freshEvents), $"stage{k}");
        }
        return (sim, () => delivered[0]);
    }

    public static KernelBenchResult RunThroughput(ulong seed, int processes, int timeouts, bool freshEvents = false)
    {
        var sim = BuildThroughput(seed, processes, timeouts, freshEvents);
        var (events, wall, cpu, bytes) = Measure(sim, (long)processes * timeouts);
        return new KernelBenchResult("kernel.throughput", seed, Waits(freshEvents), events, 0, wall, cpu, events / wall, 0, (double)bytes / events, sim.Now,
            $"{processes} processes x {timeouts} timeouts; first {WarmupFraction:P0} of events not measured");
    }

    public static KernelBenchResult RunPipeline(ulong seed, int items, bool freshEvents = false)
    {
        var (sim, delivered) = BuildPipeline(seed, items, freshEvents);
        // About 14 events per item (3 + 4 + 4 + 3 over the stages).
        var (events, wall, cpu, bytes) = Measure(sim, 14L * items);
        if (delivered() != items)
        {
            throw new InvalidOperationException($"The pipeline delivered {delivered()} of {items} items.");
        }
        var measuredItems = items * (events / (double)sim.ProcessedEvents);
        return new KernelBenchResult("kernel.pipeline", seed, Waits(freshEvents), events, items, wall, cpu, events / wall, measuredItems / wall, (double)bytes / events, sim.Now,
            $"4 stages, 3 stores of capacity 4, {items} items; first {WarmupFraction:P0} of events not measured");
    }

    private static string Waits(bool freshEvents) => freshEvents ? "fresh" : "reused";

    // Runs the warm-up share of events, then measures the rest: wall time, CPU time, bytes allocated.
    private static (long Events, double Wall, double Cpu, long Bytes) Measure(Simulation sim, long expectedEvents)
    {
        var warmup = (long)(expectedEvents * WarmupFraction);
        while (sim.ProcessedEvents < warmup && sim.Step())
        {
        }
        var startEvents = sim.ProcessedEvents;
        var startBytes = GC.GetAllocatedBytesForCurrentThread();
        var startCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        sim.Run();
        watch.Stop();
        var cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - startCpu).TotalSeconds;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - startBytes;
        return (sim.ProcessedEvents - startEvents, watch.Elapsed.TotalSeconds, cpu, bytes);
    }

    private static IEnumerable<Event> TimeoutWorker(Simulation sim, SplitMix64 rng, int timeouts, bool fresh)
    {
        for (var k = 0; k < timeouts; k++)
        {
            var delay = 1 + (long)(2e7 * rng.NextDouble());
            yield return fresh ? sim.Timeout(delay) : sim.Delay(delay);
        }
    }

    private static IEnumerable<Event> Stage(Simulation sim, Store<long>? input, Store<long>? output, Resource resource, SplitMix64 rng, int items, long[] delivered, bool fresh)
    {
        StoreGet<long>? get = null;
        Request? request = null;
        for (long i = 0; i < items; i++)
        {
            var item = i;
            if (input is not null)
            {
                get = fresh ? input.Get() : input.GetNext(get);
                yield return get;
                item = get.Item;
            }
            request = fresh ? resource.Request() : resource.RequestNext(request);
            using (request)
            {
                yield return request;
                var delay = 1 + (long)(10 * rng.NextDouble());
                yield return fresh ? sim.Timeout(delay) : sim.Delay(delay);
            }
            if (output is not null)
            {
                yield return fresh ? output.Put(item) : output.Post(item);
            }
            else
            {
                delivered[0]++;
            }
        }
    }
}
