using System.Text.Json;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Onnx.Tests;

/// <summary>
/// The committed PyTorch exports (Fixtures/make_fixtures.py) import with exactly PyTorch's parameter count and
/// forward MACs (figures PyTorch computed itself: numel of model.parameters(), forward hooks), for the training
/// export (opset 17, batch norm and dropout kept) and the inference export (opset 13, batch norm folded).
/// </summary>
public sealed class FixtureImportTests
{
    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var net in new[] { "residual", "depthwise", "fire", "mlp", "lenet5", "encoder" })
        {
            data.Add(net, "train17");
            data.Add(net, "infer13");
        }
        return data;
    }

    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    internal static JsonElement Expected(string net) =>
        JsonDocument.Parse(File.ReadAllText(Fixture("expected.json"))).RootElement.GetProperty(net);

    [Theory]
    [MemberData(nameof(Files))]
    public void Parameters_and_macs_equal_pytorchs(string net, string variant)
    {
        var model = OnnxImporter.Import(Fixture($"{net}-{variant}.onnx"));
        var expected = Expected(net);
        var parameters = expected.GetProperty(variant == "train17" ? "parameters" : "parameters_bn_folded").GetInt64();
        Assert.Equal(parameters, model.Graph.ParameterCount);
        Assert.Equal(expected.GetProperty("forward_macs").GetInt64(), model.Graph.ForwardMacsPerSample);
        Assert.Equal(expected.GetProperty("input").EnumerateArray().Select(e => e.GetInt32()), model.Graph.InputShape.Dims);
        // every parameter of the graph has initial values of its size from the file
        foreach (var layer in model.Graph.Layers)
        {
            foreach (var p in layer.Parameters)
            {
                Assert.Equal(p.Elements, model.InitialValues[$"{layer.Name}.{p.Name}"]().Length);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Lowers_for_every_method(string net, string variant)
    {
        var model = OnnxImporter.Import(Fixture($"{net}-{variant}.onnx")).Graph;
        foreach (var method in new[] { TrainingMethod.Dense, TrainingMethod.Srste, TrainingMethod.Bdwp })
        {
            var ops = IterationLowering.Lower(model, new LoweringOptions { Method = method, Batch = 8, Pattern = new(2, 8) }).ToList();
            Assert.Contains(ops, o => o.Stage == Sim.Vocabulary.Stage.WU);
            Assert.Equal(8 * model.ForwardMacsPerSample, ops.Where(o => o.Stage == Sim.Vocabulary.Stage.FP).Sum(o => o.DenseMacs));
        }
    }
}
