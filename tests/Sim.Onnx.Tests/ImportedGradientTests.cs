using Sim.Vocabulary;
using Sim.Training.Layers;
using Sim.Training.Models;
using Sim.Training.Sparsity;
using Sim.Training.Tensors;
using Sim.Workloads.Lowering;

namespace Sim.Onnx.Tests;

/// <summary>
/// Whole imported networks, built by the engine from the file, back-propagate correctly: the parameter gradients of
/// L = sum(logits * g) match central finite differences (this exercises the graph wiring: fan-out, concatenation,
/// residual adds, reshapes and transposes between the checked layers).
/// </summary>
public sealed class ImportedGradientTests
{
    [Theory]
    [InlineData("fire-infer13", false)]
    [InlineData("depthwise-infer13", false)]
    [InlineData("residual-infer13", false)]
    [InlineData("encoder-infer13", true)]
    public void Network_parameter_gradients_match_finite_differences(string fixture, bool tokens)
    {
        var model = OnnxImporter.Import(FixtureImportTests.Fixture(fixture + ".onnx"));
        var net = NetworkBuilder.Build(model.Graph, new SparsityConfig(TrainingMethod.Dense, NmPattern.Dense, 0, false, null), 1, model.InitialValues).Network;
        var rng = new Rng(21);
        int[] shape = [2, .. model.Graph.InputShape.Dims];
        var x = new Tensor(shape);
        for (var i = 0; i < x.Length; i++)
        {
            x.Data[i] = tokens ? rng.NextInt(64) : (float)rng.Normal();
        }
        RunContext Ctx() => new() { Training = false };
        var y = net.Forward(x, Ctx());
        var g = new Tensor(y.Shape.ToArray());
        for (var i = 0; i < g.Length; i++)
        {
            g.Data[i] = (float)rng.Normal();
        }
        var parameters = net.Parameters().ToList();
        foreach (var p in parameters)
        {
            p.Grad.Clear();
        }
        net.Backward(g, Ctx());
        double Loss()
        {
            var yy = net.Forward(x, Ctx());
            double s = 0;
            for (var i = 0; i < yy.Length; i++)
            {
                s += (double)yy.Data[i] * g.Data[i];
            }
            return s;
        }
        var checkedCount = 0;
        foreach (var p in parameters)
        {
            for (var k = 0; k < 3; k++)
            {
                var i = rng.NextInt(p.Value.Length);
                var old = p.Value.Data[i];
                const float eps = 2e-3f; // small: ReLU and clip kinks must not be crossed
                p.Value.Data[i] = old + eps;
                var lp = Loss();
                p.Value.Data[i] = old - eps;
                var lm = Loss();
                p.Value.Data[i] = old;
                var numeric = (lp - lm) / (2 * eps);
                var analytic = p.Grad.Data[i];
                Assert.True(Math.Abs(analytic - numeric) <= 5e-3 + 5e-2 * Math.Abs(numeric), $"{fixture} {p.Name}[{i}]: analytic {analytic} vs numeric {numeric}");
                checkedCount++;
            }
        }
        Assert.True(checkedCount >= 3 * model.Graph.Layers.Count(l => l.Parameters.Count > 0));
    }
}
