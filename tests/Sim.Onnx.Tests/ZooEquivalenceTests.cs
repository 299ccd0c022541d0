using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Onnx.Tests;

/// <summary>
/// An imported network equal to a zoo model lowers to exactly the zoo model's operations (every field but the
/// layer names, in order) for dense, SR-STE and BDWP training: the PyTorch export of LeNet-5, and the ONNX form
/// of zoo ResNets and VGG written by <see cref="OnnxTestWriter"/> (weights in a sparse external file).
/// </summary>
public sealed class ZooEquivalenceTests
{
    private static readonly TrainingMethod[] Methods = [TrainingMethod.Dense, TrainingMethod.Srste, TrainingMethod.Bdwp];

    internal static IReadOnlyList<LayerOp> Ops(ModelGraph model, TrainingMethod method, int batch = 16) =>
        IterationLowering.Lower(model, new LoweringOptions { Method = method, Batch = batch, Pattern = new NmPattern(2, 8) }).Select(o => o with { Layer = "" }).ToList();

    [Fact]
    public void Pytorch_lenet5_lowers_like_the_zoo_lenet5()
    {
        var zoo = ModelZoo.Create("lenet5");
        foreach (var variant in new[] { "train17", "infer13" })
        {
            var imported = OnnxImporter.Import(FixtureImportTests.Fixture($"lenet5-{variant}.onnx")).Graph;
            Assert.Equal(zoo.ParameterCount, imported.ParameterCount);
            foreach (var method in Methods)
            {
                Assert.Equal(Ops(zoo, method), Ops(imported, method));
            }
        }
    }

    [Theory]
    [InlineData("resnet18-imagenet", 11_689_512L)] // torchvision's published parameter counts (models documentation)
    [InlineData("resnet50-imagenet", 25_557_032L)]
    [InlineData("vgg16-cifar", 0L)]
    [InlineData("resnet9", 0L)]
    public void Zoo_model_written_as_onnx_lowers_identically(string name, long torchvisionParameters)
    {
        var zoo = ModelZoo.Create(name);
        using var folder = new TempFolder();
        var path = OnnxTestWriter.FromZoo(zoo, batch: 2, externalData: true).Save(folder.Path, name + ".onnx");
        var imported = OnnxImporter.Import(path).Graph;
        if (torchvisionParameters > 0)
        {
            Assert.Equal(torchvisionParameters, imported.ParameterCount);
        }
        Assert.Equal(zoo.ParameterCount, imported.ParameterCount);
        Assert.Equal(zoo.ForwardMacsPerSample, imported.ForwardMacsPerSample);
        foreach (var method in Methods)
        {
            Assert.Equal(Ops(zoo, method, 4), Ops(imported, method, 4));
        }
    }

    [Fact]
    public void File_batch_is_replaced_fixed_or_dynamic()
    {
        var zoo = ModelZoo.Create("lenet5");
        using var folder = new TempFolder();
        var fixedBatch = OnnxImporter.Import(OnnxTestWriter.FromZoo(zoo, batch: 2, externalData: false).Save(folder.Path, "b2.onnx"));
        var dynamic = OnnxImporter.Import(OnnxTestWriter.FromZoo(zoo, batch: -1, externalData: false).Save(folder.Path, "dyn.onnx"));
        Assert.Equal(2, fixedBatch.FileBatch);
        Assert.Equal(0, dynamic.FileBatch);
        Assert.Equal(Ops(fixedBatch.Graph, TrainingMethod.Bdwp, 32), Ops(dynamic.Graph, TrainingMethod.Bdwp, 32));
        Assert.Equal(Ops(zoo, TrainingMethod.Bdwp, 32), Ops(dynamic.Graph, TrainingMethod.Bdwp, 32));
    }
}
