using BenchmarkDotNet.Attributes;
using Sim.Studies.Bench;

namespace Sim.Benchmarks;

/// <summary>
/// The kernel workloads of <c>satsim bench kernel</c> at a BenchmarkDotNet-friendly size, with memory
/// diagnostics (bytes allocated per operation; divide by the event count for bytes per event).
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    [Params(100)]
    public int Processes { get; set; }

    [Benchmark(Description = "throughput: 100 processes x 10,000 timeouts")]
    public long Throughput()
    {
        var sim = KernelWorkloads.BuildThroughput(1, Processes, 10_000);
        sim.Run();
        return sim.ProcessedEvents;
    }

    [Benchmark(Description = "pipeline: 100,000 items through 4 stages")]
    public long Pipeline()
    {
        var (sim, _) = KernelWorkloads.BuildPipeline(1, 100_000);
        sim.Run();
        return sim.ProcessedEvents;
    }
}
