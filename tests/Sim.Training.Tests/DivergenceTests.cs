using Sim.Training.Data;
using Sim.Training.Engine;
using Sim.Workloads.Lowering;

namespace Sim.Training.Tests;

/// <summary>A training whose loss becomes NaN stops there with an error naming where, unless told to continue.</summary>
public class DivergenceTests
{
    // A learning rate of 1e4 with momentum 0.99 overflows LeNet-5's weights within a few iterations.
    private static readonly TrainingOptions Exploding = new()
    {
        Model = "lenet5",
        Method = TrainingMethod.Dense,
        Epochs = 2,
        Batch = 16,
        Seed = 3,
        LearningRate = 1e4f,
        Momentum = 0.99f,
        WarmupSteps = 0,
        Schedule = Sim.Training.Optim.LrScheduleKind.Constant,
        EvalBatch = 32,
    };

    private static (Dataset, Dataset) Data()
    {
        var all = SyntheticData.Create("synthetic", 160, 1, 28, 10, seed: 2);
        return (all.Take(128), all.Slice(128, 32));
    }

    [Fact]
    public void TheFirstNonFiniteLossStopsTrainingNamingMethodEpochAndIteration()
    {
        var (train, test) = Data();
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(Exploding).Run(train, test));
        Assert.Equal("dense", e.Method);
        Assert.Equal(1, e.Epoch);
        Assert.InRange(e.Iteration, 1, 8);
        Assert.StartsWith($"training diverged: dense, epoch 1, iteration {e.Iteration}: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ContinuingRecordsWhereItDiverged()
    {
        var (train, test) = Data();
        var result = new Trainer(Exploding with { ContinueOnDivergence = true }).Run(train, test);
        Assert.Equal(2, result.Epochs.Count);
        Assert.StartsWith("diverged at epoch 1, iteration ", result.Divergence);
    }

    [Fact]
    public void AnOrdinaryRunRecordsNoDivergence()
    {
        var (train, test) = Data();
        Assert.Null(new Trainer(Exploding with { LearningRate = 0.01f, Momentum = 0.9f, Epochs = 1 }).Run(train, test).Divergence);
    }
}
