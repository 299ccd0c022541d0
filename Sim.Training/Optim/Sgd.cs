using System.Runtime.Intrinsics;
using Sim.Training.Layers;

namespace Sim.Training.Optim;

/// <summary>
/// SGD with momentum and L2 weight decay (PyTorch convention: v = mu v + (g + wd w); w -= lr v), on the
/// FP32 master weights, as SAT's weight-update vector engine does. Clears the gradients after the step. (The
/// trainer records the update per model layer, as the workload compiler lowers it: <see cref="Engine.OpLowering.RecordUpdate"/>.)
/// </summary>
public sealed class Sgd
{
    public Sgd(float momentum = 0.9f, float weightDecay = 5e-4f)
    {
        if (momentum < 0 || momentum >= 1 || weightDecay < 0)
        {
            throw new ArgumentException("SGD needs 0 <= momentum < 1 and weight decay >= 0");
        }
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    public float Momentum { get; }
    public float WeightDecay { get; }

    /// <summary>One update with learning rate <paramref name="lr"/>; gradients are divided by <paramref name="gradScale"/> first.</summary>
    public void Step(IEnumerable<Parameter> parameters, float lr, float gradScale = 1f)
    {
        var inv = 1f / gradScale;
        foreach (var p in parameters)
        {
            var w = p.Value.Span;
            var g = p.Grad.Span;
            var v = p.Velocity ??= new float[w.Length];
            var wd = p.Decay ? WeightDecay : 0f;
            var i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                // the same multiplications and additions per element as the loop below (no fused multiply-add)
                var vinv = Vector256.Create(inv);
                var vwd = Vector256.Create(wd);
                var vmu = Vector256.Create(Momentum);
                var vlr = Vector256.Create(lr);
                for (; i + 8 <= w.Length; i += 8)
                {
                    var wi = Vector256.Create<float>(w.Slice(i, 8));
                    var grad = Vector256.Create<float>(g.Slice(i, 8)) * vinv + vwd * wi;
                    var vi = vmu * Vector256.Create<float>(v.AsSpan(i, 8)) + grad;
                    vi.CopyTo(v.AsSpan(i, 8));
                    (wi - vlr * vi).CopyTo(w.Slice(i, 8));
                }
            }
            for (; i < w.Length; i++)
            {
                var grad = g[i] * inv + wd * w[i];
                v[i] = Momentum * v[i] + grad;
                w[i] -= lr * v[i];
            }
            g.Clear();
        }
    }

    /// <summary>Clears gradients without updating (a skipped mixed-precision step).</summary>
    public static void ZeroGrad(IEnumerable<Parameter> parameters)
    {
        foreach (var p in parameters)
        {
            p.Grad.Clear();
        }
    }
}
