using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// Gaussian error linear unit in its tanh form, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
/// (Hendrycks and Gimpel 2016), the activation of ViT/DeiT MLP blocks.
/// </summary>
public sealed class GELU : Layer
{
    private const float C = 0.7978845608028654f; // sqrt(2/pi)
    private const float A = 0.044715f;
    private Tensor? _x, _y, _dx;

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        _x = x;
        var y = Tensor.EnsureLike(ref _y, x);
        var xs = x.Span;
        var ys = y.Span;
        for (var i = 0; i < xs.Length; i++)
        {
            var v = xs[i];
            ys[i] = 0.5f * v * (1f + MathF.Tanh(C * (v + A * v * v * v)));
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var x = _x!;
        var dx = Tensor.EnsureLike(ref _dx, x);
        var xs = x.Span;
        var ds = dy.Span;
        var dxs = dx.Span;
        for (var i = 0; i < xs.Length; i++)
        {
            var v = xs[i];
            var t = MathF.Tanh(C * (v + A * v * v * v));
            var dt = (1f - t * t) * C * (1f + 3f * A * v * v);
            dxs[i] = ds[i] * (0.5f * (1f + t) + 0.5f * v * dt);
        }
        return dx;
    }
}
