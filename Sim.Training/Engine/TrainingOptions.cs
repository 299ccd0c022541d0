using Sim.Vocabulary;
using Sim.Training.Optim;
using Sim.Training.Tensors;
using Sim.Workloads.Lowering;

namespace Sim.Training.Engine;

/// <summary>Everything one training run needs besides the data; validated once by <see cref="EnsureValid"/>.</summary>
public sealed record TrainingOptions
{
    public string Model { get; init; } = "lenet5";
    /// <summary>An imported model to train instead of the zoo's <see cref="Model"/>; its sample shape must fit the data.</summary>
    public Sim.Workloads.Models.ModelGraph? Graph { get; init; }
    /// <summary>Starting values of <see cref="Graph"/>'s parameters by name (an imported file's weights); others are seeded.</summary>
    public IReadOnlyDictionary<string, Func<ReadOnlyMemory<float>>>? InitialValues { get; init; }
    public TrainingMethod Method { get; init; } = TrainingMethod.Dense;
    public NmPattern Pattern { get; init; } = new(2, 8);
    public int Epochs { get; init; } = 3;
    public int Batch { get; init; } = 64;
    public ulong Seed { get; init; } = 1;
    public float LearningRate { get; init; } = 0.02f;
    public LrScheduleKind Schedule { get; init; } = LrScheduleKind.Cosine;
    public int WarmupSteps { get; init; } = 100;
    /// <summary>For the step schedule: epochs between decays.</summary>
    public int StepEpochs { get; init; } = 1;
    public float Momentum { get; init; } = 0.9f;
    public float WeightDecay { get; init; } = 5e-4f;
    /// <summary>SR-STE decay on weights the FP mask prunes (srste and bdwp), Zhou et al. 2021.</summary>
    public float DecayLambda { get; init; } = 2e-4f;
    public bool SparsifyFirstLayer { get; init; }
    /// <summary>Layer names that may be sparsified (null = every layer, subject to the divisibility rule).</summary>
    public IReadOnlySet<string>? SparseLayers { get; init; }
    public Precision Precision { get; init; } = Precision.FP32;
    /// <summary>Initial loss scale for FP16 (dynamic); BF16 and FP32 use 1.</summary>
    public float LossScale { get; init; } = 65536f;
    /// <summary>Random crop and flip (CIFAR-style data).</summary>
    public bool Augment { get; init; }
    /// <summary>Use only the first N training / test images (0 = all).</summary>
    public int TrainLimit { get; init; }
    public int TestLimit { get; init; }
    public int EvalBatch { get; init; } = 500;
    /// <summary>
    /// Train on after the loss or a weight becomes non-finite (recorded in <see cref="TrainingResult.Divergence"/>)
    /// instead of stopping with <see cref="TrainingDivergedException"/> (the default).
    /// </summary>
    public bool ContinueOnDivergence { get; init; }
    /// <summary>
    /// Bytes per FP/BP/WG operand in the recorded operations: the accelerator's (SAT: FP16 = 2), independent of
    /// <see cref="Precision"/>, which only sets the numerics.
    /// </summary>
    public int OperandBytes { get; init; } = 2;
    /// <summary>Bytes per master weight and momentum value in the recorded weight update (FP32 = 4).</summary>
    public int MasterBytes { get; init; } = 4;

    public TrainingOptions EnsureValid()
    {
        void Need(bool ok, string field, string expected)
        {
            if (!ok)
            {
                throw new ArgumentException($"{field}: expected {expected}");
            }
        }
        Need(Epochs >= 1, "epochs", "an integer >= 1");
        Need(Batch >= 1, "batch", "an integer >= 1");
        Need(LearningRate > 0 && float.IsFinite(LearningRate), "lr", "a positive number");
        Need(WarmupSteps >= 0, "warmup", "an integer >= 0");
        Need(StepEpochs >= 1, "step-epochs", "an integer >= 1");
        Need(Momentum is >= 0 and < 1, "momentum", "a number in [0, 1)");
        Need(WeightDecay >= 0, "weight-decay", "a number >= 0");
        Need(DecayLambda >= 0, "decay-lambda", "a number >= 0");
        Need(Method == TrainingMethod.Dense || (Pattern.N >= 1 && Pattern.N < Pattern.M), "nm", "an N:M pattern with 1 <= N < M for a sparse method");
        Need(LossScale >= 1, "loss-scale", "a number >= 1");
        Need(TrainLimit >= 0 && TestLimit >= 0, "limit", "an integer >= 0");
        Need(EvalBatch >= 1, "eval-batch", "an integer >= 1");
        Need(OperandBytes >= 1 && MasterBytes >= 1, "operand/master bytes", "integers >= 1");
        return this;
    }
}
