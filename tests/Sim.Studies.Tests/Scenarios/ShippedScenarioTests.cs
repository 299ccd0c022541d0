using Sim.Studies.Scenarios;
using Sim.Components.Config;
using Sim.Workloads.Lowering;

namespace Sim.Studies.Tests.Scenarios;

public class ShippedScenarioTests
{
    /// <summary>Scenario files shipped in scenarios/ (sweep specifications have their own schema and loader).</summary>
    public static IEnumerable<string> ScenarioNames() =>
        Directory.GetFiles(RepoPaths.Scenarios, "*.yaml").Select(Path.GetFileName).OfType<string>()
            .Where(f => !f.StartsWith("sweep", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    public static TheoryData<string> ScenarioFiles() => new(ScenarioNames());

    [Theory]
    [MemberData(nameof(ScenarioFiles))]
    public void EveryShippedScenarioLoadsAndValidates(string file)
    {
        var s = ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, file));
        Assert.Empty(s.Hardware.Validate());
        Assert.NotEmpty(s.Workload.Methods);
    }

    [Fact]
    public void TheAnnotatedDefaultHardwareFileStatesExactlyTheBuiltInDefaults()
    {
        var hw = HardwareYaml.LoadFile(Path.Combine(RepoPaths.Scenarios, "hardware", "sat-default.yaml"));
        Assert.Equal(HardwareConfig.Sat with { Vector = hw.Vector }, hw);
        Assert.Equal(HardwareConfig.Sat.Vector.Lanes, hw.Vector.Lanes);
        Assert.Equal(HardwareConfig.Sat.Vector.DefaultCost, hw.Vector.DefaultCost);
        Assert.Equal(HardwareConfig.Sat.Vector.Costs.OrderBy(p => p.Key), hw.Vector.Costs.OrderBy(p => p.Key));
    }

    [Fact]
    public void TheQuickstartComparesBdwpTwoEightWithDenseOnLeNetAndMnist()
    {
        var s = ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, "quickstart.yaml"));
        Assert.Equal("lenet5", s.Workload.Model);
        Assert.Equal("mnist", s.Workload.Dataset);
        Assert.Equal([TrainingMethod.Dense, TrainingMethod.Bdwp], s.Workload.Methods);
        Assert.Equal(new Sim.Vocabulary.NmPattern(2, 8), s.Workload.Nm);
    }

    [Fact]
    public void EachPaperModelHasATimingScenario()
    {
        var models = ScenarioNames().Select(f => ScenarioLoader.Load(Path.Combine(RepoPaths.Scenarios, f)))
            .Where(s => s.Workload.IsTimingOnly).Select(s => s.Workload.Model).ToHashSet();
        // docs/sat.md: ResNet9, VGG19, ResNet18 (CIFAR size), ResNet50 (ImageNet), a ViT.
        Assert.Contains("resnet9", models);
        Assert.Contains("vgg19-cifar", models);
        Assert.Contains("resnet18-cifar", models);
        Assert.Contains("resnet50-imagenet", models);
        Assert.Contains(models, m => m.StartsWith("vit", StringComparison.Ordinal) || m.StartsWith("deit", StringComparison.Ordinal));
    }
}
