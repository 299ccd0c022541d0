using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Rectified linear unit; the gradient passes where the input was positive.</summary>
public sealed class ReLU : Layer
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
            ys[i] = xs[i] > 0f ? xs[i] : 0f;
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
        for (var i = 0; i < xs.Length; i++)
        {
            dxs[i] = xs[i] > 0f ? ds[i] : 0f;
        }
        return dx;
    }
}
