using Sim.Vocabulary;
using Sim.Training.Data;
using Sim.Training.Engine;
using Sim.Workloads.Lowering;

namespace Sim.Onnx.Tests;

/// <summary>
/// The functional engine trains imported networks from the file's weights: each learns a synthetic task well
/// above chance in a few dozen iterations, while every iteration's recorded operations are the compiler's
/// lowering of the imported graph (the engine refuses to record when a layer's output shape differs from it).
/// </summary>
public sealed class ImportedTrainingTests
{
    private static TrainingResult Train(ImportedModel model, Dataset train, Dataset test, TrainingMethod method, List<IReadOnlyList<LayerOp>>? ops = null, int epochs = 2)
    {
        var trainer = new Trainer(new TrainingOptions
        {
            Model = model.Graph.Name,
            Graph = model.Graph,
            InitialValues = model.InitialValues,
            Method = method,
            Pattern = new NmPattern(2, 4),
            Epochs = epochs,
            Batch = 32,
            LearningRate = 0.1f,
            WarmupSteps = 4,
            Seed = 3,
            EvalBatch = 200,
        });
        if (ops is not null)
        {
            trainer.OnIterationOps = (_, list) => ops.Add(list.ToList());
        }
        return trainer.Run(train, test);
    }

    [Theory]
    [InlineData("residual-train17", TrainingMethod.Bdwp, 0.25)]
    [InlineData("depthwise-train17", TrainingMethod.Bdwp, 0.2)]
    [InlineData("fire-infer13", TrainingMethod.Srste, 0.0)] // too slow a starter for 24 iterations; its gradients are checked in ImportedGradientTests
    [InlineData("mlp-train17", TrainingMethod.Bdwp, 0.6)]
    public void Image_networks_learn_a_synthetic_task(string fixture, TrainingMethod method, double minAccuracy)
    {
        var model = OnnxImporter.Import(FixtureImportTests.Fixture(fixture + ".onnx"));
        // one set (one draw of class prototypes), split into training and test samples
        var all = SyntheticData.Create("synthetic", 292, 1, 28, 10, seed: 5);
        var (train, test) = (all.Slice(0, 192), all.Slice(192, 100));
        var ops = new List<IReadOnlyList<LayerOp>>();
        var result = Train(model, train, test, method, ops, epochs: 4);
        Assert.True(result.Epochs[^1].TestAccuracy >= minAccuracy, $"{fixture}: test accuracy {result.Epochs[^1].TestAccuracy} (chance 0.1)");
        Assert.Equal(model.Graph.ParameterCount, result.Parameters);
        var lowered = IterationLowering.Lower(model.Graph, new LoweringOptions { Method = method, Pattern = new NmPattern(2, 4), Batch = 32 }).ToList();
        Assert.Equal(lowered, ops[0]);
    }

    [Fact]
    public void Encoder_learns_synthetic_token_classes()
    {
        var model = OnnxImporter.Import(FixtureImportTests.Fixture("encoder-train17.onnx"));
        Assert.True(model.TakesTokens);
        var train = SyntheticTokens.Create("tokens", 384, 16, 64, 4, seed: 7);
        var test = SyntheticTokens.Create("tokens", 100, 16, 64, 4, seed: 8);
        var result = Train(model, train, test, TrainingMethod.Srste);
        Assert.True(result.Epochs[^1].TestAccuracy > 0.6, $"encoder: test accuracy {result.Epochs[^1].TestAccuracy}");
    }

    [Fact]
    public void Starts_from_the_files_weights()
    {
        var model = OnnxImporter.Import(FixtureImportTests.Fixture("lenet5-train17.onnx"));
        var built = Sim.Training.Models.NetworkBuilder.Build(model.Graph, new Sim.Training.Sparsity.SparsityConfig(TrainingMethod.Dense, NmPattern.Dense, 0, false, null), 1, model.InitialValues);
        var conv1 = built.Network.Parameters().Single(p => p.Name == "conv1.weight");
        Assert.Equal(model.InitialValues["conv1.weight"](), conv1.Value.Span.ToArray());
        var fc1 = built.Network.Parameters().Single(p => p.Name == "fc1.weight");
        Assert.Equal(model.InitialValues["fc1.weight"](), fc1.Value.Span.ToArray());
    }

    [Fact]
    public void A_dataset_of_another_shape_is_one_line_naming_both()
    {
        var model = OnnxImporter.Import(FixtureImportTests.Fixture("residual-infer13.onnx"));
        var cifar = SyntheticData.Create("cifar-like", 64, 3, 32, 10, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => Train(model, cifar, cifar, TrainingMethod.Dense));
        Assert.Equal("data set 'cifar-like' has samples of shape 3x32x32, but model 'residual-infer13' takes 1x28x28", e.Message);
    }
}
