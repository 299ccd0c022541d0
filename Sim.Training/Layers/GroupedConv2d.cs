using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// 2-D convolution with groups (depthwise when groups = channels) and dilation, computed directly: each of
/// the G groups convolves Cin/G input channels into Cout/G output channels. The weight is (Cout, Cin/G, K, K),
/// so N:M masks group Cin/G along FP and consecutive output channels along BP, inside one group whenever
/// Cout/G is a multiple of M (the only case the sparsity plan makes sparse). Imported networks use it; the
/// zoo's dense convolutions keep the im2col <see cref="Conv2d"/>.
/// </summary>
public sealed class GroupedConv2d : WeightLayer
{
    private Tensor? _x, _y, _dx;

    public GroupedConv2d(int cin, int cout, int kernel, int groups, Rng rng, int stride = 1, int padding = 0, int dilation = 1, bool bias = true)
        : base(cout, cin / Math.Max(1, groups), kernel, kernel, bias, rng)
    {
        if (groups < 1 || cin % groups != 0 || cout % groups != 0 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1)
        {
            throw new ArgumentException($"grouped conv needs groups dividing {cin} and {cout}, kernel >= 1, stride >= 1, padding >= 0, dilation >= 1");
        }
        Groups = groups;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        InChannels = cin;
    }

    public int Groups { get; }
    public int Stride { get; }
    public int Padding { get; }
    public int Dilation { get; }
    public int InChannels { get; }

    public int OutSize(int inSize) => (inSize + 2 * Padding - Dilation * (Kh - 1) - 1) / Stride + 1;

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        if (x.Rank != 4 || x[1] != InChannels)
        {
            throw new ArgumentException($"{Name}: expected [B,{InChannels},H,W], got {x.ShapeText}");
        }
        _x = x;
        int b = x[0], h = x[2], w = x[3], oh = OutSize(h), ow = OutSize(w);
        var y = Tensor.Ensure(ref _y, b, Cout, oh, ow);
        var weights = FpOperand;
        var bias = Bias?.Value.Data;
        int cinG = Cin, coutG = Cout / Groups, k = Kh;
        var xd = x.Data;
        var yd = y.Data;
        Parallel.For(0, b * Cout, new ParallelOptions { MaxDegreeOfParallelism = (long)b * Cout * oh * ow * cinG * k * k > 1 << 16 ? Environment.ProcessorCount : 1 }, t =>
        {
            var n = t / Cout;
            var co = t % Cout;
            var g = co / coutG;
            var yBase = (n * Cout + co) * oh * ow;
            for (var oy = 0; oy < oh; oy++)
            {
                for (var ox = 0; ox < ow; ox++)
                {
                    var s = bias is null ? 0f : bias[co];
                    for (var ci = 0; ci < cinG; ci++)
                    {
                        var xBase = (n * InChannels + g * cinG + ci) * h * w;
                        var wBase = (co * cinG + ci) * k * k;
                        for (var ky = 0; ky < k; ky++)
                        {
                            var iy = oy * Stride - Padding + ky * Dilation;
                            if ((uint)iy >= (uint)h)
                            {
                                continue;
                            }
                            for (var kx = 0; kx < k; kx++)
                            {
                                var ix = ox * Stride - Padding + kx * Dilation;
                                if ((uint)ix < (uint)w)
                                {
                                    s += weights[wBase + ky * k + kx] * xd[xBase + iy * w + ix];
                                }
                            }
                        }
                    }
                    yd[yBase + oy * ow + ox] = s;
                }
            }
        });
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var x = _x ?? throw new InvalidOperationException($"{Name}: backward before forward");
        int b = x[0], h = x[2], w = x[3], oh = OutSize(h), ow = OutSize(w);
        int cinG = Cin, coutG = Cout / Groups, k = Kh;
        var xd = x.Data;
        var dyd = dy.Data;
        var dW = Weight.Grad.Data;
        var db = Bias?.Grad.Data;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = (long)b * Cout * oh * ow * cinG * k * k > 1 << 16 ? Environment.ProcessorCount : 1 };
        // weight and bias gradients: each output channel's own sums, accumulated over the batch in a fixed order
        Parallel.For(0, Cout, parallel, co =>
        {
            var g = co / coutG;
            for (var n = 0; n < b; n++)
            {
                var dyBase = (n * Cout + co) * oh * ow;
                if (db is not null)
                {
                    var s = 0f;
                    for (var q = 0; q < oh * ow; q++)
                    {
                        s += dyd[dyBase + q];
                    }
                    db[co] += s;
                }
                for (var ci = 0; ci < cinG; ci++)
                {
                    var xBase = (n * InChannels + g * cinG + ci) * h * w;
                    var wBase = (co * cinG + ci) * k * k;
                    for (var ky = 0; ky < k; ky++)
                    {
                        for (var kx = 0; kx < k; kx++)
                        {
                            var s = 0f;
                            for (var oy = 0; oy < oh; oy++)
                            {
                                var iy = oy * Stride - Padding + ky * Dilation;
                                if ((uint)iy >= (uint)h)
                                {
                                    continue;
                                }
                                for (var ox = 0; ox < ow; ox++)
                                {
                                    var ix = ox * Stride - Padding + kx * Dilation;
                                    if ((uint)ix < (uint)w)
                                    {
                                        s += dyd[dyBase + oy * ow + ox] * xd[xBase + iy * w + ix];
                                    }
                                }
                            }
                            dW[wBase + ky * k + kx] += s;
                        }
                    }
                }
            }
        });
        var dx = Tensor.Ensure(ref _dx, b, InChannels, h, w);
        dx.Clear();
        if (!ComputeInputGradient)
        {
            return dx;
        }
        var weights = BpOperand;
        var dxd = dx.Data;
        // input gradient: each (sample, group) writes only its own input channels
        Parallel.For(0, b * Groups, parallel, t =>
        {
            var n = t / Groups;
            var g = t % Groups;
            for (var cl = 0; cl < coutG; cl++)
            {
                var co = g * coutG + cl;
                var dyBase = (n * Cout + co) * oh * ow;
                for (var ci = 0; ci < cinG; ci++)
                {
                    var xBase = (n * InChannels + g * cinG + ci) * h * w;
                    var wBase = (co * cinG + ci) * k * k;
                    for (var oy = 0; oy < oh; oy++)
                    {
                        for (var ox = 0; ox < ow; ox++)
                        {
                            var d = dyd[dyBase + oy * ow + ox];
                            for (var ky = 0; ky < k; ky++)
                            {
                                var iy = oy * Stride - Padding + ky * Dilation;
                                if ((uint)iy >= (uint)h)
                                {
                                    continue;
                                }
                                for (var kx = 0; kx < k; kx++)
                                {
                                    var ix = ox * Stride - Padding + kx * Dilation;
                                    if ((uint)ix < (uint)w)
                                    {
                                        dxd[xBase + iy * w + ix] += d * weights[wBase + ky * k + kx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
        return dx;
    }
}
