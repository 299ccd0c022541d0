using Sim.Training.Layers;
using Sim.Training.Tensors;

namespace Sim.Training.Tests;

/// <summary>Central finite-difference check of a layer's backward (input and parameter gradients).</summary>
internal static class GradCheck
{
    public static Tensor Random(Rng rng, float scale, params int[] shape)
    {
        var t = new Tensor(shape);
        for (var i = 0; i < t.Length; i++)
        {
            t.Data[i] = (float)(rng.Normal() * scale);
        }
        return t;
    }

    /// <summary>Checks dL/dx and dL/dparam for L = sum(layer(x) * g) at up to <paramref name="samples"/> coordinates each.</summary>
    public static void Check(Layer layer, Tensor x, ulong seed = 7, float eps = 1e-2f, double rtol = 2e-2, double atol = 2e-3, int samples = 40, bool training = true)
    {
        var rng = new Rng(seed);
        RunContext Ctx() => new() { Training = training, Rng = new Rng(99) };
        foreach (var p in layer.Parameters())
        {
            p.Grad.Clear();
        }
        var y = layer.Forward(x, Ctx());
        var g = Random(rng, 1f, y.Shape.ToArray());
        var dx = layer.Backward(g, Ctx()).Clone();
        var paramGrads = layer.Parameters().Select(p => (p, p.Grad.Clone())).ToList();

        double Loss()
        {
            var yy = layer.Forward(x, Ctx());
            double s = 0;
            for (var i = 0; i < yy.Length; i++)
            {
                s += (double)yy.Data[i] * g.Data[i];
            }
            return s;
        }

        void CheckCoordinates(string what, float[] values, int length, float[] analytic)
        {
            var idx = new int[Math.Min(samples, length)];
            for (var i = 0; i < idx.Length; i++)
            {
                idx[i] = length <= samples ? i : rng.NextInt(length);
            }
            foreach (var i in idx)
            {
                var old = values[i];
                values[i] = old + eps;
                var lp = Loss();
                values[i] = old - eps;
                var lm = Loss();
                values[i] = old;
                var numeric = (lp - lm) / (2 * eps);
                var a = analytic[i];
                Assert.True(Math.Abs(a - numeric) <= atol + rtol * Math.Abs(numeric),
                    $"{what}[{i}]: analytic {a} vs numeric {numeric}");
            }
        }

        CheckCoordinates("dx", x.Data, x.Length, dx.Data);
        foreach (var (p, grad) in paramGrads)
        {
            CheckCoordinates(p.Name, p.Value.Data, p.Value.Length, grad.Data);
        }
    }
}
