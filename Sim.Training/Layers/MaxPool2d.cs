using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Max pooling (kernel, stride, zero padding ignored in the max); backward routes to the first maximum.</summary>
public sealed class MaxPool2d : Layer
{
    private Tensor? _y, _dx;
    private int[] _arg = [];
    private int[] _inShape = [];

    public MaxPool2d(int kernel, int stride = 0, int padding = 0)
    {
        Kernel = kernel;
        Stride = stride == 0 ? kernel : stride;
        Padding = padding;
    }

    public int Kernel { get; }
    public int Stride { get; }
    public int Padding { get; }

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        if (!x.HasShape(_inShape))
        {
            _inShape = x.Shape.ToArray();
        }
        int b = x[0], c = x[1], h = x[2], w = x[3];
        var oh = (h + 2 * Padding - Kernel) / Stride + 1;
        var ow = (w + 2 * Padding - Kernel) / Stride + 1;
        var y = Tensor.Ensure(ref _y, b, c, oh, ow);
        if (_arg.Length < y.Length)
        {
            _arg = new int[y.Length];
        }
        var xd = x.Data;
        var yd = y.Data;
        if (Kernel == 2 && Stride == 2 && Padding == 0)
        {
            Forward2x2(xd, yd, _arg, b * c, h, w, oh, ow);
            return y;
        }
        for (var bc = 0; bc < b * c; bc++)
        {
            var xb = bc * h * w;
            for (var i = 0; i < oh; i++)
            {
                for (var j = 0; j < ow; j++)
                {
                    var best = float.NegativeInfinity;
                    var arg = -1;
                    for (var ki = 0; ki < Kernel; ki++)
                    {
                        var ih = i * Stride - Padding + ki;
                        if ((uint)ih >= (uint)h)
                        {
                            continue;
                        }
                        for (var kj = 0; kj < Kernel; kj++)
                        {
                            var iw = j * Stride - Padding + kj;
                            if ((uint)iw >= (uint)w)
                            {
                                continue;
                            }
                            var v = xd[xb + ih * w + iw];
                            if (v > best || arg < 0)
                            {
                                best = v;
                                arg = xb + ih * w + iw;
                            }
                        }
                    }
                    var o = (bc * oh + i) * ow + j;
                    yd[o] = best;
                    _arg[o] = arg;
                }
            }
        }
        return y;
    }

    /// <summary>The common 2x2, stride 2 window without bounds checks; the same choice as the general loop (first maximum in row order, NaN only if first).</summary>
    private static void Forward2x2(float[] xd, float[] yd, int[] args, int planes, int h, int w, int oh, int ow)
    {
        for (var bc = 0; bc < planes; bc++)
        {
            var xb = bc * h * w;
            var ob = bc * oh * ow;
            for (var i = 0; i < oh; i++)
            {
                var r0 = xb + 2 * i * w;
                var r1 = r0 + w;
                var o = ob + i * ow;
                for (var j = 0; j < ow; j++)
                {
                    var arg = r0 + 2 * j;
                    var best = xd[arg];
                    var v = xd[arg + 1];
                    if (v > best)
                    {
                        best = v;
                        arg += 1;
                    }
                    var q = r1 + 2 * j;
                    v = xd[q];
                    if (v > best)
                    {
                        best = v;
                        arg = q;
                    }
                    v = xd[q + 1];
                    if (v > best)
                    {
                        best = v;
                        arg = q + 1;
                    }
                    yd[o + j] = best;
                    args[o + j] = arg;
                }
            }
        }
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var dx = Tensor.Ensure(ref _dx, _inShape);
        dx.Clear();
        var dd = dx.Data;
        var g = dy.Span;
        for (var o = 0; o < g.Length; o++)
        {
            dd[_arg[o]] += g[o];
        }
        return dx;
    }
}
