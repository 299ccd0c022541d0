using Sim.Training.Gemm;
using Sim.Training.Layers;
using Sim.Training.Tensors;

namespace Sim.Training.Tests;

/// <summary>
/// The stride-1 convolution without im2col (DirectConv: padded planes, an offset table, gathered weight-gradient
/// panels) against im2col written out naively and the GEMM's documented reduction order
/// (<see cref="ExactKernelTests.ExactGemm"/>): output, weight and bias gradients and input gradient equal bit for bit.
/// </summary>
public class DirectConvTests
{
    private static float[] Im2Col(Tensor x, int i, int k, int pad, int oh, int ow)
    {
        int cin = x[1], h = x[2], w = x[3];
        var col = new float[cin * k * k * oh * ow];
        for (var c = 0; c < cin; c++)
            for (var ki = 0; ki < k; ki++)
                for (var kj = 0; kj < k; kj++)
                    for (var y = 0; y < oh; y++)
                        for (var xo = 0; xo < ow; xo++)
                        {
                            int ih = y - pad + ki, iw = xo - pad + kj;
                            var v = ih >= 0 && ih < h && iw >= 0 && iw < w ? x.Data[((i * cin + c) * h + ih) * w + iw] : 0f;
                            col[((c * k + ki) * k + kj) * oh * ow + y * ow + xo] = v;
                        }
        return col;
    }

    [Theory]
    [InlineData(3, 1, 6, 5, 2, 12, 12, true)]   // LeNet-5's conv1 shape class (one input channel, padding 2)
    [InlineData(2, 6, 16, 5, 0, 10, 10, true)]  // conv2's (six channels, no padding, partial 4-row block)
    [InlineData(2, 3, 7, 3, 1, 9, 7, false)]    // not square, no bias
    [InlineData(2, 12, 4, 5, 2, 8, 8, true)]    // K = 300: two reduction blocks
    [InlineData(2, 16, 32, 1, 0, 9, 9, true)]   // pointwise, K = 16 (weight gradient in two passes of 8 taps), 81 positions (transpose tail)
    [InlineData(3, 32, 12, 1, 0, 5, 6, true)]   // pointwise, K = 32 (passes of 11, 11, 10), a partial 8-channel vector
    [InlineData(2, 1, 16, 3, 1, 7, 7, true)]    // dwsep's conv1 class, K = 9 (one pass of 9 taps)
    [InlineData(2, 1, 6, 5, 2, 28, 28, true)]    // LeNet-5's conv1 at full size: rows of 28 (AVX-512 tiles straight into y)
    [InlineData(2, 1, 16, 3, 1, 28, 28, false)]  // dwsep's conv1 at full size, no bias
    [InlineData(2, 12, 20, 5, 2, 17, 19, true)]  // K = 300 (two blocks) in 8 x 32 tiles, rows of 19 (overlapping vectors), 20 = 8 + 8 + 4 rows
    [InlineData(3, 16, 32, 1, 0, 28, 28, true)]  // dwsep's pw1 (1x1 GEMM path with AVX-512): 256-position weight-gradient blocks across images
    [InlineData(2, 32, 64, 1, 0, 14, 14, false)] // dwsep's pw2 class: two input-channel vectors per task, P = 196 (overlapping last vector)
    [InlineData(2, 300, 20, 1, 0, 3, 3, true)]   // 1x1, K = 300 (two forward blocks), 19 input vectors, P = 9 (rows shorter than a vector)
    [InlineData(2, 20, 270, 1, 0, 4, 5, true)]   // 1x1, input gradient reduced over 270 channels (two blocks), 270 = 16 x 16 + 14 rows
    public void Equals_im2col_and_the_gemm_order_bit_for_bit(int batch, int cin, int cout, int k, int pad, int h, int w, bool bias)
    {
        foreach (var threads in new[] { 1, 2 })
        {
            var saved = Sgemm.MaxThreads;
            Sgemm.MaxThreads = threads;
            try
            {
                Check(batch, cin, cout, k, pad, h, w, bias);
            }
            finally
            {
                Sgemm.MaxThreads = saved;
            }
        }
    }

    private static void Check(int batch, int cin, int cout, int k, int pad, int h, int w, bool bias)
    {
        var rng = new Rng((ulong)(batch * 7 + cin * 5 + cout * 3 + k + h));
        var conv = new Conv2d(cin, cout, k, rng, padding: pad, bias: bias);
        if (bias)
        {
            for (var co = 0; co < cout; co++) conv.Bias!.Value.Data[co] = rng.Uniform(-1, 1);
        }
        var x = GradCheck.Random(rng, 1f, batch, cin, h, w);
        int oh = h + 2 * pad - k + 1, ow = w + 2 * pad - k + 1, p = oh * ow, kk = cin * k * k;
        var y = conv.Forward(x, new RunContext()).Span.ToArray();
        var dy = GradCheck.Random(rng, 1f, batch, cout, oh, ow);
        var dx = conv.Backward(dy, new RunContext()).Span.ToArray();

        var wt = conv.Weight.Value.Data;
        var cols = batch * p;
        var colAll = new float[kk * cols];
        var dyAll = new float[cout * cols];
        var expectDx = new float[x.Length];
        for (var i = 0; i < batch; i++)
        {
            var col = Im2Col(x, i, k, pad, oh, ow);
            var yi = ExactKernelTests.ExactGemm(false, false, cout, p, kk, wt, kk, col, p);
            for (var co = 0; co < cout; co++)
                for (var q = 0; q < p; q++)
                {
                    var expect = bias ? yi[co * p + q] + conv.Bias!.Value.Data[co] : yi[co * p + q];
                    Assert.Equal(BitConverter.SingleToInt32Bits(expect), BitConverter.SingleToInt32Bits(y[(i * cout + co) * p + q]));
                    dyAll[co * cols + i * p + q] = dy.Data[(i * cout + co) * p + q];
                }
            for (var r = 0; r < kk; r++) Array.Copy(col, r * p, colAll, r * cols + i * p, p);
            // input gradient: dcol = W^T dY_i, then col2im adding in tap order
            var dyi = new float[cout * p];
            for (var co = 0; co < cout; co++) Array.Copy(dy.Data, (i * cout + co) * p, dyi, co * p, p);
            var dcol = ExactKernelTests.ExactGemm(true, false, kk, p, cout, wt, kk, dyi, p);
            for (var c = 0; c < cin; c++)
                for (var ki = 0; ki < k; ki++)
                    for (var kj = 0; kj < k; kj++)
                        for (var yo = 0; yo < oh; yo++)
                            for (var xo = 0; xo < ow; xo++)
                            {
                                int ih = yo - pad + ki, iw = xo - pad + kj;
                                if (ih >= 0 && ih < h && iw >= 0 && iw < w)
                                    expectDx[((i * cin + c) * h + ih) * w + iw] += dcol[((c * k + ki) * k + kj) * p + yo * ow + xo];
                            }
        }
        var expectDw = ExactKernelTests.ExactGemm(false, true, cout, kk, cols, dyAll, cols, colAll, cols, new float[cout * kk]);
        Assert.Equal(expectDw, conv.Weight.Grad.Span.ToArray());
        Assert.Equal(expectDx, dx);
        if (bias)
        {
            for (var co = 0; co < cout; co++)
            {
                var s = 0f;
                for (var q = 0; q < cols; q++) s += dyAll[co * cols + q];
                Assert.Equal(BitConverter.SingleToInt32Bits(s), BitConverter.SingleToInt32Bits(conv.Bias!.Grad.Data[co]));
            }
        }
    }
}
