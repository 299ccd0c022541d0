using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Softmax over the last axis (attention scores); backward dX = Y (dY - sum(dY Y)) per row.</summary>
public sealed class Softmax : Layer
{
    private Tensor? _y, _dx;

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        var y = Tensor.Ensure(ref _y, x.Shape.ToArray());
        var d = x[x.Rank - 1];
        for (var r = 0; r < x.Length / d; r++)
        {
            var xs = x.Span.Slice(r * d, d);
            var ys = y.Span.Slice(r * d, d);
            var max = float.NegativeInfinity;
            foreach (var v in xs)
            {
                max = MathF.Max(max, v);
            }
            var sum = 0f;
            for (var i = 0; i < d; i++)
            {
                ys[i] = MathF.Exp(xs[i] - max);
                sum += ys[i];
            }
            for (var i = 0; i < d; i++)
            {
                ys[i] /= sum;
            }
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var y = _y!;
        var dx = Tensor.Ensure(ref _dx, y.Shape.ToArray());
        var d = y[y.Rank - 1];
        for (var r = 0; r < y.Length / d; r++)
        {
            var ys = y.Span.Slice(r * d, d);
            var gs = dy.Span.Slice(r * d, d);
            var dot = 0f;
            for (var i = 0; i < d; i++)
            {
                dot += ys[i] * gs[i];
            }
            var dxs = dx.Span.Slice(r * d, d);
            for (var i = 0; i < d; i++)
            {
                dxs[i] = ys[i] * (gs[i] - dot);
            }
        }
        return dx;
    }
}
