using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;

namespace Sim.Studies.Scenarios;

/// <summary>
/// What a scenario trains (or, with <c>dataset: timing-only</c>, only times): the model, data, batch, the
/// methods compared side by side, the N:M pattern, how long, the optimizer, the arithmetic precision and the
/// seed. Immutable and validated once by <see cref="ScenarioLoader"/>.
/// </summary>
public sealed record WorkloadSpec
{
    /// <summary>The timing-only pseudo data set: no training, one simulated iteration per method.</summary>
    public const string TimingOnly = "timing-only";

    public required string Model { get; init; }

    /// <summary><c>mnist</c>, <c>fashion-mnist</c>, <c>cifar10</c>, <c>cifar100</c>, <c>synthetic</c> or <see cref="TimingOnly"/>.</summary>
    public required string Dataset { get; init; }

    /// <summary>Directory holding the data set files; null means the default data directory.</summary>
    public string? DataDir { get; init; }

    public int Batch { get; init; } = 64;

    public required IReadOnlyList<TrainingMethod> Methods { get; init; }

    /// <summary>The N:M pattern of the sparse methods.</summary>
    public NmPattern Nm { get; init; } = new(2, 8);

    /// <summary>Epochs to train (test accuracy is measured after each); null for timing only.</summary>
    public int? Epochs { get; init; }

    /// <summary>Timing only: simulated iterations per method (training scenarios use <see cref="Epochs"/>).</summary>
    public int? Iterations { get; init; }

    public OptimizerSpec Optimizer { get; init; } = new();

    /// <summary><c>fp32</c>, <c>fp16</c> (mixed, FP32 master weights) or <c>bf16</c> (mixed).</summary>
    public string Precision { get; init; } = "fp32";

    public int Seed { get; init; } = 1;

    /// <summary>SR-STE decay on pruned weights (lambda).</summary>
    public double SrsteLambda { get; init; } = 2e-4;

    /// <summary>Random crop and flip of training images (CIFAR-style data).</summary>
    public bool Augment { get; init; }

    /// <summary>Train on after a non-finite loss or weight and note it in the report (<c>on_divergence: continue</c>) instead of stopping with an error.</summary>
    public bool ContinueOnDivergence { get; init; }

    /// <summary>Use only the first this many training images (null = all), to keep runs short.</summary>
    public int? TrainSamples { get; init; }

    /// <summary>Evaluate on the first this many test images (null = all).</summary>
    public int? TestSamples { get; init; }

    public bool IsTimingOnly => Dataset == TimingOnly;
}
