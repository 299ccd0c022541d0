using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>[B,T,D] -> [B,D], one token (the class token, 0, by default) that feeds a ViT's classification head.</summary>
public sealed class ClassTokenSelect(int index = 0) : Layer
{
    private Tensor? _y, _dx;
    private int[] _inShape = [];

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        _inShape = x.Shape.ToArray();
        int b = x[0], t = x[1], d = x[2];
        var y = Tensor.Ensure(ref _y, b, d);
        for (var i = 0; i < b; i++)
        {
            x.Span.Slice((i * t + index) * d, d).CopyTo(y.Span.Slice(i * d, d));
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var dx = Tensor.Ensure(ref _dx, _inShape);
        dx.Clear();
        int b = _inShape[0], t = _inShape[1], d = _inShape[2];
        for (var i = 0; i < b; i++)
        {
            dy.Span.Slice(i * d, d).CopyTo(dx.Span.Slice((i * t + index) * d, d));
        }
        return dx;
    }
}
