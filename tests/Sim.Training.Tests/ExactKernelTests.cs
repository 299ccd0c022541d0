using Sim.Training.Gemm;
using Sim.Training.Layers;
using Sim.Training.Sparsity;
using Sim.Training.Tensors;
using Sim.Vocabulary;

namespace Sim.Training.Tests;

/// <summary>
/// The fast kernels against naive scalar references that spell out the result bit for bit: the GEMM's
/// reduction order (K in blocks of 256, a fused multiply-add chain from zero inside a block, blocks added in
/// order), the first maximum of a pooling window, the N:M selection rounds. Equal bits, not a tolerance: the
/// engine's training results must not move when a kernel gets faster.
/// </summary>
public class ExactKernelTests
{
    /// <summary>C = op(A) op(B) (+ C) in the GEMM's documented order, one element at a time.</summary>
    internal static float[] ExactGemm(bool ta, bool tb, int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[]? c0 = null)
    {
        var c = new float[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var acc = c0?[i * n + j] ?? 0f;
                for (var p0 = 0; p0 < k; p0 += 256)
                {
                    var s = 0f;
                    for (var p = p0; p < Math.Min(k, p0 + 256); p++)
                    {
                        s = MathF.FusedMultiplyAdd(ta ? a[p * lda + i] : a[i * lda + p], tb ? b[j * ldb + p] : b[p * ldb + j], s);
                    }
                    acc = p0 == 0 && c0 is null ? s : acc + s;
                }
                c[i * n + j] = acc;
            }
        }
        return c;
    }

    [Theory]
    [InlineData(false, true, 6, 25, 600)]     // conv1's weight gradient: a transposed B with a 9-column last panel
    [InlineData(false, true, 16, 150, 700)]   // conv2's: 6 columns past the last whole panel
    [InlineData(false, true, 7, 9, 20)]
    [InlineData(true, false, 150, 100, 16)]   // conv2's input gradient per image
    [InlineData(false, false, 16, 100, 150)]  // conv2's forward per image
    [InlineData(true, true, 13, 41, 300)]
    public void Sgemm_equals_the_documented_reduction_order_bit_for_bit(bool ta, bool tb, int m, int n, int k)
    {
        var rng = new Rng((ulong)(m * 1000 + n + k));
        int lda = ta ? m : k, ldb = tb ? k : n;
        var a = new float[(ta ? k : m) * lda];
        var b = new float[(tb ? n : k) * ldb];
        for (var i = 0; i < a.Length; i++) a[i] = rng.Uniform(-1, 1);
        for (var i = 0; i < b.Length; i++) b[i] = rng.Uniform(-1, 1);
        var c0 = new float[m * n];
        for (var i = 0; i < c0.Length; i++) c0[i] = rng.Uniform(-1, 1);
        foreach (var threads in new[] { 1, 2 })
        {
            var saved = Sgemm.MaxThreads;
            Sgemm.MaxThreads = threads;
            try
            {
                var c = new float[m * n];
                Sgemm.Multiply(ta, tb, m, n, k, a, lda, b, ldb, c, n);
                Assert.Equal(ExactGemm(ta, tb, m, n, k, a, lda, b, ldb), c);
                c0.CopyTo(c, 0);
                Sgemm.Multiply(ta, tb, m, n, k, a, lda, b, ldb, c, n, accumulate: true);
                Assert.Equal(ExactGemm(ta, tb, m, n, k, a, lda, b, ldb, c0), c);
            }
            finally
            {
                Sgemm.MaxThreads = saved;
            }
        }
    }

    [Theory]
    [InlineData(28, 28)] // LeNet-5's pool1 (14 outputs a row: groups of 4 overlap at the end)
    [InlineData(10, 10)] // pool2 (5 a row)
    [InlineData(9, 17)]  // odd sizes: the last row and column are not read
    [InlineData(6, 6)]   // 3 a row: element by element
    [InlineData(8, 16)]
    public void Max_pool_2x2_takes_the_first_maximum_like_the_window_loop(int h, int w)
    {
        var rng = new Rng((ulong)(h * 100 + w));
        var x = new Tensor(2, 3, h, w);
        for (var i = 0; i < x.Length; i++)
        {
            x.Data[i] = rng.NextInt(4); // many ties
        }
        x.Data[5] = float.NaN;   // a NaN first in its window stays, elsewhere it never wins
        x.Data[w + 2] = float.NaN;
        x.Data[2 * w + 3] = float.NaN;
        var pool = new MaxPool2d(2);
        var y = pool.Forward(x, new RunContext());
        int oh = h / 2, ow = w / 2;
        var dy = new Tensor(2, 3, oh, ow);
        for (var i = 0; i < dy.Length; i++)
        {
            dy.Data[i] = i + 1;
        }
        var dx = pool.Backward(dy, new RunContext());
        var expectDx = new float[x.Length];
        for (var bc = 0; bc < 6; bc++)
        {
            for (var i = 0; i < oh; i++)
            {
                for (var j = 0; j < ow; j++)
                {
                    var best = float.NegativeInfinity;
                    var arg = -1;
                    for (var ki = 0; ki < 2; ki++)
                    {
                        for (var kj = 0; kj < 2; kj++)
                        {
                            var q = bc * h * w + (2 * i + ki) * w + 2 * j + kj;
                            if (x.Data[q] > best || arg < 0)
                            {
                                best = x.Data[q];
                                arg = q;
                            }
                        }
                    }
                    var o = (bc * oh + i) * ow + j;
                    Assert.Equal(BitConverter.SingleToInt32Bits(best), BitConverter.SingleToInt32Bits(y.Data[o]));
                    expectDx[arg] += dy.Data[o];
                }
            }
        }
        Assert.Equal(expectDx, dx.Span.ToArray());
    }

    /// <summary>The selection rule of <see cref="NmMask.Generate"/> written out per group.</summary>
    private static byte[] NaiveMask(float[] w, int cout, int cin, int area, NmPattern p, GroupAxis axis)
    {
        var mask = new byte[w.Length];
        int len = axis == GroupAxis.Cin ? cin : cout;
        for (var co = 0; co < cout; co++)
        {
            for (var ci = 0; ci < cin; ci++)
            {
                for (var f = 0; f < area; f++)
                {
                    var along = axis == GroupAxis.Cin ? ci : co;
                    if (along % p.M != 0)
                    {
                        continue;
                    }
                    var members = new List<int>();
                    for (var i = along; i < Math.Min(len, along + p.M); i++)
                    {
                        members.Add(axis == GroupAxis.Cin ? (co * cin + i) * area + f : (i * cin + ci) * area + f);
                    }
                    var keep = Math.Min(p.N, members.Count);
                    for (var s = 0; s < keep; s++)
                    {
                        var best = -1;
                        var bestMag = -1f;
                        foreach (var pos in members.Where(q => mask[q] == 0))
                        {
                            var mag = MathF.Abs(w[pos]);
                            if (mag > bestMag || (float.IsNaN(mag) && best < 0))
                            {
                                bestMag = mag;
                                best = pos;
                            }
                        }
                        mask[best] = 1;
                    }
                }
            }
        }
        return mask;
    }

    [Theory]
    [InlineData(2, 8, 120, 400, 1)] // LeNet-5's fc1
    [InlineData(2, 8, 16, 6, 25)]   // conv2
    [InlineData(2, 4, 10, 13, 9)]   // trailing groups shorter than M along both axes
    [InlineData(1, 8, 9, 17, 1)]
    [InlineData(3, 5, 11, 7, 4)]
    [InlineData(4, 80, 90, 170, 1)] // groups longer than the lane-parallel selection takes
    public void Nm_masks_equal_the_per_group_selection(int n, int m, int cout, int cin, int area)
    {
        var rng = new Rng((ulong)(n * 31 + m * 7 + cout + cin + area));
        var w = new float[cout * cin * area];
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = (rng.NextInt(7) - 3) * 0.5f; // ties and signed zeros
        }
        w[3] = float.NaN;
        w[w.Length / 2] = float.NaN;
        w[w.Length - 1] = float.PositiveInfinity;
        var p = new NmPattern(n, m);
        foreach (var axis in new[] { GroupAxis.Cin, GroupAxis.Cout })
        {
            var mask = new byte[w.Length];
            mask.AsSpan().Fill(7);
            NmMask.Generate(w, cout, cin, area, p, axis, mask);
            Assert.Equal(NaiveMask(w, cout, cin, area, p, axis), mask);
            var applied = new float[w.Length];
            NmMask.Apply(w, mask, applied);
            for (var i = 0; i < w.Length; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(mask[i] != 0 ? w[i] : 0f), BitConverter.SingleToInt32Bits(applied[i]));
            }
        }
    }
}
