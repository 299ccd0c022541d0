using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// GELU in its exact form x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)), as PyTorch's nn.GELU() and the ONNX exports
/// of it compute; d/dx = Phi(x) + x phi(x). erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7).
/// </summary>
public sealed class ErfGELU : Layer
{
    private Tensor? _x, _y, _dx;

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        _x = x;
        var y = Tensor.Ensure(ref _y, x.Shape.ToArray());
        var xs = x.Span;
        var ys = y.Span;
        for (var i = 0; i < xs.Length; i++)
        {
            ys[i] = xs[i] * Phi(xs[i]);
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var x = _x!;
        var dx = Tensor.Ensure(ref _dx, x.Shape.ToArray());
        var xs = x.Span;
        var ds = dy.Span;
        var dxs = dx.Span;
        const float invSqrt2Pi = 0.3989422804014327f;
        for (var i = 0; i < xs.Length; i++)
        {
            var v = xs[i];
            dxs[i] = ds[i] * (Phi(v) + v * invSqrt2Pi * MathF.Exp(-0.5f * v * v));
        }
        return dx;
    }

    /// <summary>Standard normal CDF.</summary>
    public static float Phi(float x) => 0.5f * (1f + Erf(x * 0.7071067811865476f));

    public static float Erf(float x)
    {
        var sign = x < 0 ? -1f : 1f;
        var a = MathF.Abs(x);
        var t = 1f / (1f + 0.3275911f * a);
        var poly = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
        return sign * (1f - poly * MathF.Exp(-a * a));
    }
}
