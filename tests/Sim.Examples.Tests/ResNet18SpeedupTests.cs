using Sim.Components.Config;
using Sim.Mapping;
using Sim.Studies.Timing;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Examples.Tests;

/// <summary>The worked example runs through the API, and what it prints agrees with the timer called directly.</summary>
public class ResNet18SpeedupTests
{
    [Fact]
    public void ExampleRunsBothScenariosAndAgreesWithTheTimer()
    {
        const int Batch = 2; // small: the example's default is 32
        var output = new StringWriter();
        var reports = Sim.Examples.ResNet18Speedup.Run(Batch, output);
        Assert.Equal(2, reports.Count);
        // The scenario built in code and the one parsed from YAML are the same study: same cycles per method.
        Assert.Equal(reports[0].Methods.Select(m => m.CyclesPerIteration), reports[1].Methods.Select(m => m.CyclesPerIteration));
        var model = ModelZoo.Create("resnet18-cifar");
        foreach (var (method, m) in new[] { TrainingMethod.Dense, TrainingMethod.Bdwp }.Zip(reports[0].Methods))
        {
            var direct = IterationTimer.Default.Report(HardwareConfig.Sat, model, HardwareLowering.For(HardwareConfig.Sat, Batch, method, new NmPattern(2, 8)), timeline: false);
            Assert.Equal(direct.TotalCycles, m.CyclesPerIteration);
        }
        var bdwp = reports[0].Methods[1];
        Assert.Equal((double)reports[0].Methods[0].CyclesPerIteration / bdwp.CyclesPerIteration, bdwp.SpeedupVsDense!.Value, 9);
        Assert.True(bdwp.SpeedupVsDense > 1, "BDWP 2:8 skips weights in FP and BP, so it is faster than dense");
        var text = output.ToString();
        Assert.Contains("bdwp 2:8", text);
        Assert.Contains("wg ", text);
    }
}
