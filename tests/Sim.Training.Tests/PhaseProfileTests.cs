using Sim.Vocabulary;
using Sim.Training.Data;
using Sim.Training.Engine;
using Sim.Workloads.Lowering;

namespace Sim.Training.Tests;

/// <summary>The phase profile of <c>satsim bench train</c> observes training without changing it.</summary>
public class PhaseProfileTests
{
    private static readonly TrainingOptions Options = new()
    {
        Model = "lenet5",
        Method = TrainingMethod.Bdwp,
        Pattern = new NmPattern(2, 8),
        Epochs = 2,
        Batch = 32,
        Seed = 5,
        WarmupSteps = 2,
        TrainLimit = 96,
        TestLimit = 64,
        EvalBatch = 64,
    };

    private static string Strip(TrainingResult r) =>
        System.Text.RegularExpressions.Regex.Replace(r.ToJson(), "\"(train_seconds|images_per_second|seconds)\":[0-9.]+", "");

    [Fact]
    public void Profiled_training_is_bit_identical_and_every_iteration_is_split_into_phases()
    {
        var all = SyntheticData.Create("synthetic", 160, 1, 28, 10, seed: 2);
        var (train, test) = (all.Take(96), all.Slice(96, 64));
        var plain = new Trainer(Options).Run(train, test);
        var profile = new PhaseProfile();
        var profiled = new Trainer(Options) { Profile = profile }.Run(train, test);
        Assert.Equal(Strip(plain), Strip(profiled));
        Assert.Equal(2 * 3, profile.Iterations);
        var phases = Enum.GetValues<TrainingPhase>();
        // every tick of the measured loop is charged to exactly one phase
        Assert.Equal(1.0, phases.Sum(profile.Share), 9);
        Assert.Equal(profile.Seconds, phases.Sum(profile.SecondsIn), 9);
        foreach (var phase in new[] { TrainingPhase.Forward, TrainingPhase.Backward, TrainingPhase.WeightGradient, TrainingPhase.Masks, TrainingPhase.Recording })
        {
            Assert.True(profile.SecondsIn(phase) > 0, $"{phase} got no time");
        }
        Assert.True(profile.AllocatedBytesPerIteration >= 0);
    }

    [Fact]
    public void The_benchmark_line_names_every_phase()
    {
        var all = SyntheticData.Create("synthetic", 160, 1, 28, 10, seed: 2);
        var r = TrainingBenchmark.Run(Options with { Epochs = 1 }, all.Take(96), all.Slice(96, 64), threads: 1);
        var json = System.Text.Json.JsonDocument.Parse(r.ToJson()).RootElement;
        Assert.Equal("train", json.GetProperty("bench").GetString());
        Assert.Equal(3, json.GetProperty("iterations").GetInt32());
        Assert.Equal(96, json.GetProperty("images").GetInt32());
        var shares = json.GetProperty("phase_share");
        Assert.Equal(Enum.GetValues<TrainingPhase>().Length, shares.EnumerateObject().Count());
        Assert.Equal(1.0, shares.EnumerateObject().Sum(p => p.Value.GetDouble()), 2);
    }

    [Fact]
    public void Per_layer_times_name_the_graph_nodes_in_order_and_add_up_to_the_weight_gradient_phase()
    {
        var all = SyntheticData.Create("synthetic", 160, 1, 28, 10, seed: 2);
        var profile = new PhaseProfile();
        new Trainer(Options) { Profile = profile }.Run(all.Take(96), all.Slice(96, 64));
        var layers = profile.LayerMsPerIteration;
        // LeNet-5's graph, as the zoo builds it (Sim.Workloads' SmallModels), but its loss, which the trainer applies
        var model = Sim.Workloads.Models.ModelZoo.Create("lenet5");
        var nodes = model.Layers.Select(l => l.Name).Where(n => n != "loss").ToArray();
        Assert.Equal(model.Layers.Count - 1, nodes.Length);
        Assert.Equal(nodes, layers.Select(l => l.Name).ToArray());
        var ms = profile.Iterations / 1000.0;
        // the weight-gradient phase is entered only inside layers' backward passes, so the per-layer parts add up to it
        Assert.Equal(profile.SecondsIn(TrainingPhase.WeightGradient), layers.Sum(l => l.WeightGradientMs) * ms, 6);
        Assert.All(layers, l => Assert.True(l.WeightGradientMs <= l.BackwardMs && l.ForwardMs >= 0, l.Name));
        Assert.True(layers.Sum(l => l.ForwardMs + l.BackwardMs) * ms <= profile.Seconds);
        // the convolutions and the classifier have weight gradients; ReLU and pooling do not
        Assert.True(layers.Single(l => l.Name == "conv1").WeightGradientMs > 0);
        Assert.Equal(0, layers.Single(l => l.Name == "relu1").WeightGradientMs);
    }
}
