using Sim.Training.Gemm;
using Sim.Training.Layers;
using Sim.Training.Tensors;

namespace Sim.Training.Tests;

/// <summary>
/// The vectorized grouped / depthwise convolution against its plain loops written out naively (one element at a
/// time, separate multiply and add, the documented order of <see cref="GroupedConv2d"/>): output, input gradient,
/// weight and bias gradients equal bit for bit, on 1 and 2 threads, with gradients accumulated onto non-zero values.
/// </summary>
public class GroupedConvTests
{
    /// <summary>The loops GroupedConv2d had before it was vectorized: y, dx (scattered over output positions), dW and db (added per image).</summary>
    private static (float[] Y, float[] Dx, float[] DW, float[] Db) Naive(float[] x, float[] wt, float[] bias, float[] dy, float[] dW0, float[] db0,
        int b, int cin, int cout, int groups, int k, int s, int pad, int dil, int h, int w, bool hasBias)
    {
        int cinG = cin / groups, coutG = cout / groups;
        int oh = (h + 2 * pad - dil * (k - 1) - 1) / s + 1, ow = (w + 2 * pad - dil * (k - 1) - 1) / s + 1;
        var y = new float[b * cout * oh * ow];
        var dx = new float[b * cin * h * w];
        var dW = (float[])dW0.Clone();
        var db = (float[])db0.Clone();
        for (var n = 0; n < b; n++)
        {
            for (var co = 0; co < cout; co++)
            {
                var g = co / coutG;
                for (var oy = 0; oy < oh; oy++)
                {
                    for (var ox = 0; ox < ow; ox++)
                    {
                        var acc = hasBias ? bias[co] : 0f;
                        for (var ci = 0; ci < cinG; ci++)
                        {
                            for (var ky = 0; ky < k; ky++)
                            {
                                var iy = oy * s - pad + ky * dil;
                                if (iy < 0 || iy >= h) continue;
                                for (var kx = 0; kx < k; kx++)
                                {
                                    var ix = ox * s - pad + kx * dil;
                                    if (ix < 0 || ix >= w) continue;
                                    acc += wt[((co * cinG + ci) * k + ky) * k + kx] * x[((n * cin + g * cinG + ci) * h + iy) * w + ix];
                                }
                            }
                        }
                        y[((n * cout + co) * oh + oy) * ow + ox] = acc;
                    }
                }
            }
        }
        for (var co = 0; co < cout; co++)
        {
            var g = co / coutG;
            for (var n = 0; n < b; n++)
            {
                var dyBase = (n * cout + co) * oh * ow;
                if (hasBias)
                {
                    var sb = 0f;
                    for (var q = 0; q < oh * ow; q++) sb += dy[dyBase + q];
                    db[co] += sb;
                }
                for (var ci = 0; ci < cinG; ci++)
                {
                    for (var ky = 0; ky < k; ky++)
                    {
                        for (var kx = 0; kx < k; kx++)
                        {
                            var acc = 0f;
                            for (var oy = 0; oy < oh; oy++)
                            {
                                var iy = oy * s - pad + ky * dil;
                                if (iy < 0 || iy >= h) continue;
                                for (var ox = 0; ox < ow; ox++)
                                {
                                    var ix = ox * s - pad + kx * dil;
                                    if (ix < 0 || ix >= w) continue;
                                    acc += dy[dyBase + oy * ow + ox] * x[((n * cin + g * cinG + ci) * h + iy) * w + ix];
                                }
                            }
                            dW[((co * cinG + ci) * k + ky) * k + kx] += acc;
                        }
                    }
                }
                for (var ci = 0; ci < cinG; ci++)
                {
                    for (var oy = 0; oy < oh; oy++)
                    {
                        for (var ox = 0; ox < ow; ox++)
                        {
                            var d = dy[dyBase + oy * ow + ox];
                            for (var ky = 0; ky < k; ky++)
                            {
                                var iy = oy * s - pad + ky * dil;
                                if (iy < 0 || iy >= h) continue;
                                for (var kx = 0; kx < k; kx++)
                                {
                                    var ix = ox * s - pad + kx * dil;
                                    if (ix < 0 || ix >= w) continue;
                                    dx[((n * cin + g * cinG + ci) * h + iy) * w + ix] += d * wt[((co * cinG + ci) * k + ky) * k + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        return (y, dx, dW, db);
    }

    [Theory]
    [InlineData(9, 16, 16, 16, 3, 1, 1, 1, 28, 28, true)]  // dwsep's dw1 (batch 9: a partial 8-image block)
    [InlineData(8, 32, 32, 32, 3, 1, 1, 1, 14, 14, true)]  // dw2: 14 columns, the second vector overlaps the first
    [InlineData(3, 4, 8, 4, 3, 1, 1, 1, 11, 19, false)]    // channel multiplier 2, not square, no bias
    [InlineData(2, 6, 6, 3, 3, 1, 2, 2, 13, 17, true)]     // two channels per group, dilation 2
    [InlineData(2, 4, 4, 4, 5, 1, 0, 1, 12, 20, true)]     // 5x5, no padding
    [InlineData(2, 3, 3, 3, 3, 1, 3, 1, 10, 10, true)]     // padding past the kernel: rows and columns of bias only
    [InlineData(2, 4, 4, 4, 1, 1, 0, 1, 9, 9, true)]       // 1x1
    [InlineData(2, 4, 4, 4, 3, 1, 1, 1, 5, 7, true)]       // narrower than one vector
    [InlineData(2, 4, 8, 2, 3, 2, 1, 1, 9, 9, true)]       // stride 2 (the scalar path)
    [InlineData(10, 4, 8, 4, 3, 2, 2, 2, 11, 11, true)]    // stride 2, dilation 2, multiplier 2
    [InlineData(2, 5, 5, 5, 3, 1, 2, 1, 8, 9, true)]       // padding 2 of a 3x3: the input gradient's flipped padding is 0
    public void Equals_the_naive_loops_bit_for_bit(int b, int cin, int cout, int groups, int k, int s, int pad, int dil, int h, int w, bool bias)
    {
        foreach (var threads in new[] { 1, 2 })
        {
            var saved = Sgemm.MaxThreads;
            Sgemm.MaxThreads = threads;
            try
            {
                Check(b, cin, cout, groups, k, s, pad, dil, h, w, bias);
            }
            finally
            {
                Sgemm.MaxThreads = saved;
            }
        }
    }

    private static void Check(int b, int cin, int cout, int groups, int k, int s, int pad, int dil, int h, int w, bool bias)
    {
        var rng = new Rng((ulong)(b * 131 + cin * 17 + cout * 5 + k + h * 3 + w + s * 7 + pad * 11 + dil));
        var conv = new GroupedConv2d(cin, cout, k, groups, rng, s, pad, dil, bias);
        if (bias)
        {
            for (var co = 0; co < cout; co++) conv.Bias!.Value.Data[co] = rng.Uniform(-1, 1);
        }
        var x = GradCheck.Random(rng, 1f, b, cin, h, w);
        var y = conv.Forward(x, new RunContext()).Span.ToArray();
        var dy = GradCheck.Random(rng, 1f, b, cout, conv.OutSize(h), conv.OutSize(w));
        // gradients accumulate onto what is there
        for (var i = 0; i < conv.Weight.Grad.Length; i++) conv.Weight.Grad.Data[i] = rng.Uniform(-1, 1);
        if (bias)
        {
            for (var i = 0; i < cout; i++) conv.Bias!.Grad.Data[i] = rng.Uniform(-1, 1);
        }
        var dW0 = conv.Weight.Grad.Span.ToArray();
        var db0 = bias ? conv.Bias!.Grad.Span.ToArray() : [];
        var dx = conv.Backward(dy, new RunContext()).Span.ToArray();
        var expect = Naive(x.Data, conv.Weight.Value.Data, bias ? conv.Bias!.Value.Data : [], dy.Data, dW0, db0, b, cin, cout, groups, k, s, pad, dil, h, w, bias);
        AssertBits(expect.Y, y, "y");
        AssertBits(expect.Dx, dx, "dx");
        AssertBits(expect.DW, conv.Weight.Grad.Span.ToArray(), "dW");
        if (bias)
        {
            AssertBits(expect.Db, conv.Bias!.Grad.Span.ToArray(), "db");
        }
    }

    private static void AssertBits(float[] expect, float[] actual, string what)
    {
        Assert.Equal(expect.Length, actual.Length);
        for (var i = 0; i < expect.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expect[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}[{i}]: expected {expect[i]:R}, got {actual[i]:R}");
            }
        }
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        float[] Run(int threads)
        {
            var saved = Sgemm.MaxThreads;
            Sgemm.MaxThreads = threads;
            try
            {
                var rng = new Rng(5);
                var conv = new GroupedConv2d(32, 32, 3, 32, rng, 1, 1, 1, true);
                var x = GradCheck.Random(rng, 1f, 64, 32, 14, 14);
                var y = conv.Forward(x, new RunContext()).Span.ToArray();
                var dx = conv.Backward(GradCheck.Random(rng, 1f, 64, 32, 14, 14), new RunContext()).Span.ToArray();
                return [.. y, .. dx, .. conv.Weight.Grad.Span.ToArray(), .. conv.Bias!.Grad.Span.ToArray()];
            }
            finally
            {
                Sgemm.MaxThreads = saved;
            }
        }
        Assert.Equal(Run(1), Run(2));
    }

    [Fact]
    public void Padding_taps_give_the_skipped_taps_bits_and_the_exceptions_fall_back()
    {
        // the padded kernel adds w * (+0) for taps in the padding: with ReLU-style zeros in x, negative weights
        // (products of -0), a bias of -0 (which the padded kernel must not start from) and an infinite weight
        // (w * 0 = NaN, so that channel falls back to skipping), the results still equal the naive loops
        var rng = new Rng(21);
        int b = 3, c = 4, k = 3, h = 10, w = 12;
        var conv = new GroupedConv2d(c, c, k, c, rng, 1, 1, 1, true);
        for (var co = 0; co < c; co++) conv.Bias!.Value.Data[co] = rng.Uniform(-1, 1);
        var x = GradCheck.Random(rng, 1f, b, c, h, w);
        for (var i = 0; i < x.Length; i++) x.Data[i] = Math.Max(0f, x.Data[i]);
        // channel 1: input -0 everywhere and positive weights, so its real taps add -0 while padding taps would add +0
        for (var n = 0; n < b; n++) x.Span.Slice((n * c + 1) * h * w, h * w).Fill(-0f);
        for (var t = 0; t < k * k; t++) conv.Weight.Value.Data[k * k + t] = 0.5f + t;
        var dy = GradCheck.Random(rng, 1f, b, c, h, w);
        foreach (var (bias1, inf) in new[] { (-0f, false), (0.25f, true), (-0f, true) })
        {
            conv.Bias!.Value.Data[1] = bias1;
            conv.Weight.Value.Data[2 * k * k] = inf ? float.PositiveInfinity : -0.5f;
            conv.Weight.Grad.Clear();
            conv.Bias.Grad.Clear();
            var y = conv.Forward(x, new RunContext()).Span.ToArray();
            var dx = conv.Backward(dy, new RunContext()).Span.ToArray();
            var expect = Naive(x.Data, conv.Weight.Value.Data, conv.Bias.Value.Data, dy.Data, new float[c * k * k], new float[c], b, c, c, c, k, 1, 1, 1, h, w, true);
            SameOrBothNaN(expect.Y, y, "y");
            SameOrBothNaN(expect.Dx, dx, "dx");
            // channel 1 of a corner output: -0 from a -0 bias, +0 otherwise
            Assert.Equal(BitConverter.SingleToInt32Bits(bias1), BitConverter.SingleToInt32Bits(y[h * w]));
        }
    }

    private static void SameOrBothNaN(float[] expect, float[] actual, string what)
    {
        Assert.Equal(expect.Length, actual.Length);
        for (var i = 0; i < expect.Length; i++)
        {
            if (!(float.IsNaN(expect[i]) && float.IsNaN(actual[i])) && BitConverter.SingleToInt32Bits(expect[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}[{i}]: expected {expect[i]:R}, got {actual[i]:R}");
            }
        }
    }
}
