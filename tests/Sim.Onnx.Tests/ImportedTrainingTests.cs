using Sim.Vocabulary;
using Sim.Training.Data;
using Sim.Training.Engine;
using Sim.Workloads.Lowering;

namespace Sim.Onnx.Tests;

/// <summary>
/// The functional engine trains imported networks from the file's weights to the accuracy PyTorch reaches on the
/// same data with the same recipe, while every iteration's recorded operations are the compiler's lowering of the
/// imported graph (the engine refuses to record when a layer's output shape differs from it).
/// </summary>
public sealed class ImportedTrainingTests
{
    private static TrainingResult Train(ImportedModel model, Dataset train, Dataset test, TrainingMethod method, List<IReadOnlyList<LayerOp>>? ops = null,
        int epochs = 2, float lr = 0.1f)
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
            LearningRate = lr,
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

    /// <summary>
    /// Each image network trains from its file's weights on the texture set (<see cref="TextureData"/>) with the
    /// recipe PyTorch used for expected.json's <c>pytorch_training</c> (Fixtures/train_reference.py: same data, same
    /// weights, same SGD, schedule, weight decay and batch norm momentum). Dense SatSim must come within 10 points of
    /// the lowest of PyTorch's five runs (the tools differ only in shuffling order and dropout masks; the five runs
    /// spread by up to 8 points). BDWP 2:4 prunes half of every group of four weights in FP and BP; it must still come
    /// within 25 points of dense PyTorch (N:M training at 2:4 is expected near dense accuracy; these runs are short).
    /// </summary>
    [Theory]
    [InlineData("residual", TrainingMethod.Dense)]
    [InlineData("depthwise", TrainingMethod.Dense)]
    [InlineData("fire", TrainingMethod.Dense)]
    [InlineData("mlp", TrainingMethod.Dense)]
    [InlineData("lenet5", TrainingMethod.Dense)]
    [InlineData("fire", TrainingMethod.Bdwp)]
    [InlineData("mlp", TrainingMethod.Bdwp)]
    public void Image_networks_train_to_pytorchs_accuracy(string net, TrainingMethod method)
    {
        var reference = FixtureImportTests.Expected(net).GetProperty("pytorch_training");
        var recipe = reference.GetProperty("recipe");
        int R(string key) => recipe.GetProperty(key).GetInt32();
        var all = TextureData.Create(R("count"), 28, 10, (ulong)R("seed"));
        // PyTorch trained on exactly these images: the port in train_reference.py drew the same bytes
        Assert.Equal(reference.GetProperty("pixel_sum").GetInt64(), all.Pixels.Sum(p => (long)p));
        Assert.Equal(reference.GetProperty("label_sum").GetInt64(), all.Labels.Sum());
        Assert.Equal(32, R("batch"));
        Assert.Equal(4, R("warmup"));
        var (train, test) = (all.Slice(0, R("train")), all.Slice(R("train"), R("test")));
        var model = OnnxImporter.Import(FixtureImportTests.Fixture(net + "-train17.onnx"));
        var ops = new List<IReadOnlyList<LayerOp>>();
        var result = Train(model, train, test, method, ops, R("epochs"), recipe.GetProperty("lr").GetSingle());
        var accuracy = result.Epochs[^1].TestAccuracy;
        var floor = reference.GetProperty("min_test_accuracy").GetDouble() - (method == TrainingMethod.Dense ? 0.10 : 0.25);
        Assert.True(accuracy >= floor, $"{net} {method}: test accuracy {accuracy}, PyTorch {reference.GetProperty("min_test_accuracy").GetDouble()}..{reference.GetProperty("mean_test_accuracy").GetDouble()} (min..mean), floor {floor}");
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
        Assert.Equal(model.InitialValues["conv1.weight"]().ToArray(), conv1.Value.Span.ToArray());
        var fc1 = built.Network.Parameters().Single(p => p.Name == "fc1.weight");
        Assert.Equal(model.InitialValues["fc1.weight"]().ToArray(), fc1.Value.Span.ToArray());
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
