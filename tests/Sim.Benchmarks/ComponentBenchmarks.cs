using BenchmarkDotNet.Attributes;
using Sim.Components.Accelerator;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;
using Sim.Mapping.Tiling;

namespace Sim.Benchmarks;

/// <summary>
/// The hardware model of <c>satsim bench sim</c> at a BenchmarkDotNet-friendly size: one BDWP 2:8 training iteration
/// of ResNet-9 (CIFAR-10, batch 32), tiled lazily and simulated on SAT's defaults, with memory diagnostics (divide the
/// allocated bytes by the returned operation count for bytes per operation).
/// </summary>
[MemoryDiagnoser]
public class ComponentBenchmarks
{
    private readonly ModelGraph _model = ModelZoo.Create("resnet9", null, null);
    private readonly LoweringOptions _options = new LoweringOptions { Batch = 32, Method = TrainingMethod.Bdwp, Pattern = new NmPattern(2, 8) }.EnsureValid();

    [Benchmark(Description = "resnet9 b32 BDWP 2:8: tile + simulate one iteration")]
    public long SimulateIteration()
    {
        var hw = HardwareConfig.Sat;
        var report = AcceleratorSimulator.Run(hw, new IterationTiler(hw).Tile(_model, _options), new SimulationOptions());
        return report.Operations;
    }
}
