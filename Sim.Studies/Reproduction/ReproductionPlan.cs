using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Studies.Reproduction;

/// <summary>
/// What <c>satsim reproduce</c> simulates. <see cref="Full"/> is the paper's model set at each data set's
/// input size (ResNet-9, VGG-19 and ResNet-18 at CIFAR size, ResNet-50 at ImageNet size, a CIFAR ViT);
/// <see cref="Reduced"/> keeps every experiment but shrinks models, batch and sweep ranges so a test can run it.
/// </summary>
public sealed record ReproductionPlan
{
    public required IReadOnlyList<string> Models { get; init; }

    /// <summary>Batch of the simulated iteration (the paper's batch is not at hand: a [model] choice).</summary>
    public int Batch { get; init; } = 32;

    /// <summary>The headline pattern (BDWP 2:8 against dense).</summary>
    public NmPattern Headline { get; init; } = new(2, 8);

    /// <summary>Further BDWP patterns of the speedup table.</summary>
    public IReadOnlyList<NmPattern> ExtraPatterns { get; init; } = [new(2, 4), new(1, 4), new(1, 8)];

    /// <summary>Models of the dataflow ablation (each optimization off in turn).</summary>
    public required IReadOnlyList<string> AblationModels { get; init; }

    /// <summary>Model of the sensitivity figures.</summary>
    public required string SensitivityModel { get; init; }

    public IReadOnlyList<int> ArraySizes { get; init; } = [8, 16, 32, 64];

    public IReadOnlyList<int> DramChannels { get; init; } = [1, 2, 3, 4];

    /// <summary>Factors applied to the input, weight and output buffer capacities.</summary>
    public IReadOnlyList<double> BufferScales { get; init; } = [0.25, 0.5, 1, 2, 4];

    /// <summary>Zoo models matching the baselines' published workloads, for like-for-like comparisons.</summary>
    public IReadOnlyList<string> ComparisonModels { get; init; } = ["vgg16-cifar", "resnet18-cifar"];

    public bool IsReduced { get; init; }

    /// <summary>
    /// The FPGA device (a <c>data/devices.csv</c> name) the design's resources and power are estimated on: SAT's
    /// XCVU9P on the VCU1525. Timing does not depend on it; the report's device section and the comparison's GOPS/W do.
    /// </summary>
    public string Device { get; init; } = "xcvu9p";

    /// <summary>Model of the pre-generation and 1:8-against-2:8 explanations (docs/reproduction.md, "Three results explained").</summary>
    public string ExplainModel { get; init; } = "resnet9";

    /// <summary>Sparse-generation lanes tried with pre-generation on and off.</summary>
    public IReadOnlyList<int> GenLanes { get; init; } = [32, 4, 1];

    /// <summary>The sparser pattern compared with the headline one.</summary>
    public NmPattern SparserPattern { get; init; } = new(1, 8);

    /// <summary>Input-buffer banks tried (read bandwidth: banks x ports x bank width).</summary>
    public IReadOnlyList<int> InputBanks { get; init; } = [32, 64, 128];

    /// <summary>The large array whose speedup collapses, and the DRAM channels tried on it.</summary>
    public int WideArray { get; init; } = 64;

    public IReadOnlyList<int> WideArrayDramChannels { get; init; } = [1, 2, 4];

    /// <summary>Model the functional engine trains for the accuracy table.</summary>
    public string AccuracyModel { get; init; } = "lenet5";

    /// <summary>Data sets tried for the accuracy table (skipped with the reason when not in the data directory).</summary>
    public IReadOnlyList<string> AccuracyDatasets { get; init; } = ["mnist", "fashion-mnist"];

    public int AccuracyEpochs { get; init; } = 2;

    /// <summary>Training images used (0 = all); a budget choice so the whole report stays within minutes.</summary>
    public int AccuracyTrainLimit { get; init; } = 20_000;

    public int AccuracyTestLimit { get; init; }

    public static ReproductionPlan Full { get; } = new()
    {
        Models = ["resnet9", "vgg19-cifar", "resnet18-cifar", "resnet50-imagenet", "vit-cifar"],
        AblationModels = ["resnet9", "vgg19-cifar", "resnet18-cifar", "resnet50-imagenet", "vit-cifar"],
        SensitivityModel = "resnet18-cifar",
    };

    public static ReproductionPlan Reduced { get; } = new()
    {
        Models = ["lenet5", "resnet9"],
        Batch = 4,
        AblationModels = ["lenet5"],
        SensitivityModel = "lenet5",
        ArraySizes = [8, 16],
        DramChannels = [1, 2],
        BufferScales = [0.5, 1],
        ComparisonModels = ["lenet5"],
        IsReduced = true,
        ExplainModel = "lenet5",
        GenLanes = [32, 1],
        InputBanks = [32, 64],
        WideArray = 16,
        WideArrayDramChannels = [1, 2],
        AccuracyDatasets = ["mnist"],
        AccuracyEpochs = 1,
        AccuracyTrainLimit = 512,
        AccuracyTestLimit = 500,
    };
}
