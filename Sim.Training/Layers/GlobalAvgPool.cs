using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Global average pooling [B,C,H,W] -> [B,C], the head of ResNets.</summary>
public sealed class GlobalAvgPool : Layer
{
    private Tensor? _y, _dx;
    private int[] _inShape = [];

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        if (!x.HasShape(_inShape))
        {
            _inShape = x.Shape.ToArray();
        }
        int b = x[0], c = x[1], hw = x[2] * x[3];
        var y = Tensor.Ensure(ref _y, b, c);
        var xd = x.Data;
        var yd = y.Data;
        var planes = b * c;
        var bc = 0;
        // four planes' chains interleaved (each plane's order unchanged), so the adds' latency overlaps
        for (; bc + 4 <= planes; bc += 4)
        {
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int o0 = bc * hw, o1 = o0 + hw, o2 = o1 + hw, o3 = o2 + hw;
            for (var q = 0; q < hw; q++)
            {
                s0 += xd[o0 + q];
                s1 += xd[o1 + q];
                s2 += xd[o2 + q];
                s3 += xd[o3 + q];
            }
            yd[bc] = s0 / hw;
            yd[bc + 1] = s1 / hw;
            yd[bc + 2] = s2 / hw;
            yd[bc + 3] = s3 / hw;
        }
        for (; bc < planes; bc++)
        {
            var s = 0f;
            foreach (var v in x.Span.Slice(bc * hw, hw))
            {
                s += v;
            }
            yd[bc] = s / hw;
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
