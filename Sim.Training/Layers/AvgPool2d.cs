using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Average pooling (kernel, stride, no padding); each input in a window gets dy / (k*k).</summary>
public sealed class AvgPool2d : Layer
{
    private Tensor? _y, _dx;
    private int[] _inShape = [];

    public AvgPool2d(int kernel, int stride = 0)
    {
        Kernel = kernel;
        Stride = stride == 0 ? kernel : stride;
    }

    public int Kernel { get; }
    public int Stride { get; }

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        _inShape = x.Shape.ToArray();
        int b = x[0], c = x[1], h = x[2], w = x[3];
        var oh = (h - Kernel) / Stride + 1;
        var ow = (w - Kernel) / Stride + 1;
        var y = Tensor.Ensure(ref _y, b, c, oh, ow);
        var inv = 1f / (Kernel * Kernel);
        for (var bc = 0; bc < b * c; bc++)
        {
            for (var i = 0; i < oh; i++)
            {
                for (var j = 0; j < ow; j++)
                {
                    var s = 0f;
                    for (var ki = 0; ki < Kernel; ki++)
                    {
                        for (var kj = 0; kj < Kernel; kj++)
                        {
                            s += x.Data[(bc * h + i * Stride + ki) * w + j * Stride + kj];
                        }
                    }
                    y.Data[(bc * oh + i) * ow + j] = s * inv;
                }
            }
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var dx = Tensor.Ensure(ref _dx, _inShape);
        dx.Clear();
        int b = _inShape[0], c = _inShape[1], h = _inShape[2], w = _inShape[3];
        int oh = dy[2], ow = dy[3];
        var inv = 1f / (Kernel * Kernel);
        for (var bc = 0; bc < b * c; bc++)
        {
            for (var i = 0; i < oh; i++)
            {
                for (var j = 0; j < ow; j++)
                {
                    var g = dy.Data[(bc * oh + i) * ow + j] * inv;
                    for (var ki = 0; ki < Kernel; ki++)
                    {
                        for (var kj = 0; kj < Kernel; kj++)
                        {
                            dx.Data[(bc * h + i * Stride + ki) * w + j * Stride + kj] += g;
                        }
                    }
                }
            }
        }
        return dx;
    }
}
