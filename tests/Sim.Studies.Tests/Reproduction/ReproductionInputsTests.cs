using Sim.Components.Config;
using Sim.Studies.Reproduction;
using Sim.Studies.Scenarios;

namespace Sim.Studies.Tests.Reproduction;

/// <summary>What <c>satsim reproduce</c> starts from: the shipped SAT hardware file and the baselines' workloads.</summary>
public class ReproductionInputsTests
{
    [Fact]
    public void ShippedSatVcu1525ScenarioEqualsTheBuiltInDefaults()
    {
        // reproduce without --config uses HardwareConfig.Sat; the documented file must describe that same machine.
        var hw = HardwareYaml.LoadFile(Path.Combine(RepoPaths.Root, "scenarios/sat-vcu1525.yaml"));
        Assert.Equal(HardwareConfig.Sat with { Vector = hw.Vector }, hw);
        Assert.Equal(HardwareConfig.Sat.Vector.Lanes, hw.Vector.Lanes);
        Assert.Equal(HardwareConfig.Sat.Vector.DefaultCost, hw.Vector.DefaultCost);
        var scenario = ScenarioLoader.Load(Path.Combine(RepoPaths.Root, "scenarios/sat-vcu1525.yaml"));
        Assert.Equal("resnet18-cifar", scenario.Workload.Model);
    }

    [Fact]
    public void EveryHardwareLineOfSatVcu1525NamesItsOrigin()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "scenarios/sat-vcu1525.yaml"));
        var start = Array.FindIndex(lines, l => l.StartsWith("hardware:"));
        var end = Array.FindIndex(lines, l => l.StartsWith("workload:"));
        foreach (var line in lines[(start + 1)..end])
        {
            var code = line.Split('#')[0].Trim();
            if (code.Length > 0 && code.Contains(':') && !code.EndsWith(':'))
            {
                Assert.Matches(@"#.*\[(paper|note|board|model)\]", line);
            }
        }
    }

    [Fact]
    public void BaselineWorkloadsMapToTheirZooModels()
    {
        string[] candidates = ["vgg16-cifar", "resnet18-cifar"];
        Assert.Equal(("vgg16-cifar", true), Reproducer.MatchModel("VGG-16, CIFAR", candidates));
        Assert.Equal(("resnet18-cifar", true), Reproducer.MatchModel("ResNet-18", candidates));
        Assert.Equal(("resnet18-cifar", false), Reproducer.MatchModel("ResNet-20, CIFAR", candidates));
    }
}
