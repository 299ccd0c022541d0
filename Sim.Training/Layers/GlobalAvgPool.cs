using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Global average pooling [B,C,H,W] -> [B,C], the head of ResNets.</summary>
public sealed class GlobalAvgPool : Layer
{
    private Tensor? _y, _dx;
    private int[] _inShape = [];

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        _inShape = x.Shape.ToArray();
        int b = x[0], c = x[1], hw = x[2] * x[3];
        var y = Tensor.Ensure(ref _y, b, c);
        for (var bc = 0; bc < b * c; bc++)
        {
            var s = 0f;
            foreach (var v in x.Span.Slice(bc * hw, hw))
            {
                s += v;
            }
            y.Data[bc] = s / hw;
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var dx = Tensor.Ensure(ref _dx, _inShape);
        var hw = _inShape[2] * _inShape[3];
        for (var bc = 0; bc < dy.Length; bc++)
        {
            dx.Span.Slice(bc * hw, hw).Fill(dy.Data[bc] / hw);
        }
        return dx;
    }
}
