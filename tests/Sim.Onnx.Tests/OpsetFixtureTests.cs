using Sim.Training.Data;
using Sim.Training.Engine;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;

namespace Sim.Onnx.Tests;

/// <summary>
/// Opsets 11 to 18: the depthwise, fire and encoder networks exported by PyTorch at opsets 11, 12, 14, 15 and 16, and
/// those exports rewritten to opset 18's ReduceMean (axes as an input), for training and for inference
/// (Fixtures/make_opset_fixtures.py; the same modules and tensors as the *-train17 and *-infer13 fixtures). The
/// operators whose form changes across these opsets occur in them: Clip's bounds as inputs (ReLU6), Dropout's ratio
/// as an attribute (11) or an input (12 on), training-mode BatchNormalization with five outputs and no training_mode
/// (11, 12) or training_mode = 1 and three outputs (14 on), Unsqueeze's axes as an attribute (11, 12) or an input,
/// Softmax's axis 3 under the pre-13 flattening semantics or -1 after, and the layer-norm decomposition (in the
/// training exports too below 17) whose ReduceMean takes its axes as an attribute (up to 17) or an input (18).
/// </summary>
public sealed class OpsetFixtureTests
{
    public static TheoryData<string, string, int> Files()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var net in new[] { "depthwise", "fire", "encoder" })
        {
            foreach (var kind in new[] { "train", "infer" })
            {
                foreach (var opset in new[] { 11, 12, 14, 15, 16, 18 })
                {
                    data.Add(net, kind, opset);
                }
            }
        }
        return data;
    }

    private static string Path(string net, string kind, int opset) =>
        System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "opsets", $"{net}-{kind}{opset}.onnx");

    /// <summary>The same network as exported at opset 17 (training) or 13 (inference): the other fixtures.</summary>
    private static ImportedModel Reference(string net, string kind) =>
        OnnxImporter.Import(FixtureImportTests.Fixture(kind == "train" ? $"{net}-train17.onnx" : $"{net}-infer13.onnx"));

    [Theory]
    [MemberData(nameof(Files))]
    public void Imports_with_pytorchs_counts_and_lowers_as_the_reference_opset(string net, string kind, int opset)
    {
        var model = OnnxImporter.Import(Path(net, kind, opset));
        Assert.Equal(opset, model.Opset);
        var expected = FixtureImportTests.Expected(net);
        Assert.Equal(expected.GetProperty(kind == "train" ? "parameters" : "parameters_bn_folded").GetInt64(), model.Graph.ParameterCount);
        Assert.Equal(expected.GetProperty("forward_macs").GetInt64(), model.Graph.ForwardMacsPerSample);
        Assert.Equal(expected.GetProperty("input").EnumerateArray().Select(e => e.GetInt32()), model.Graph.InputShape.Dims);
        var reference = Reference(net, kind);
        foreach (var method in new[] { TrainingMethod.Dense, TrainingMethod.Bdwp })
        {
            var options = new LoweringOptions { Method = method, Batch = 4, Pattern = new(2, 8) };
            Assert.Equal(IterationLowering.Lower(reference.Graph, options).ToList(), IterationLowering.Lower(model.Graph, options).ToList());
        }
        foreach (var (name, values) in reference.InitialValues)
        {
            Assert.Equal(values().ToArray(), model.InitialValues[name]().ToArray());
        }
    }

    /// <summary>
    /// A short BDWP 2:4 training run (two epochs of 64 samples) from the file's weights gives the same losses and
    /// accuracies, bit for bit, as the reference opset's file: the opset-specific forms (dropout ratio, batch norm
    /// mode, clip bounds, softmax axis, reduction axes) are read as the same network.
    /// </summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void Trains_as_the_reference_opset(string net, string kind, int opset)
    {
        var (train, test) = net == "encoder"
            ? (SyntheticTokens.Create("tokens", 64, 16, 64, 4, seed: 7), SyntheticTokens.Create("tokens", 32, 16, 64, 4, seed: 8))
            : Split(TextureData.Create(96, 28, 10, 5));
        var result = Train(OnnxImporter.Import(Path(net, kind, opset)), train, test);
        var reference = Train(Reference(net, kind), train, test);
        Assert.All(result.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss), $"epoch {e.Epoch}: loss {e.TrainLoss}"));
        Assert.Equal(reference.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy)),
            result.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy)));
    }

    private static (Dataset, Dataset) Split(Dataset all) => (all.Slice(0, 64), all.Slice(64, 32));

    private static TrainingResult Train(ImportedModel model, Dataset train, Dataset test) => new Trainer(new TrainingOptions
    {
        Model = "opset-fixture",
        Graph = model.Graph,
        InitialValues = model.InitialValues,
        Method = TrainingMethod.Bdwp,
        Pattern = new NmPattern(2, 4),
        Epochs = 2,
        Batch = 32,
        LearningRate = 0.05f,
        WarmupSteps = 2,
        Seed = 3,
        EvalBatch = 32,
    }).Run(train, test);
}
