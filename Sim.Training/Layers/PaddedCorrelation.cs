using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sim.Training.Layers;

/// <summary>
/// The stride-1 correlation of <see cref="GroupedConv2d"/> (forward, and input gradient with the flipped kernel) on
/// zero-padded copies of the source planes, so that every output column, border ones included, runs in 8-wide
/// vectors with every tap: the depthwise planes of small networks are narrow (28 or 14 columns), and one-at-a-time
/// border columns cost more there than the vectors.
/// </summary>
/// <remarks>
/// The chain is the grouped convolution's (separate multiply and add, planes, kernel rows and kernel columns
/// ascending, from <c>init</c>), with the taps that fall into the padding added as w * (+0) instead of skipped.
/// That leaves the bits unchanged: the product is ±0, and adding ±0 to a sum changes nothing unless the sum is -0;
/// a chain from an <c>init</c> other than -0 never reaches -0 (a sum is -0 only when both addends are), and w * 0 is
/// ±0 only for finite w. So <see cref="Applies"/> requires finite weights and an <c>init</c> other than -0, and the
/// caller keeps the skipping kernel otherwise.
/// </remarks>
internal static unsafe class PaddedCorrelation
{
    private const int Lanes = 8;

    /// <summary>Whether the padded kernel gives the skipping kernel's bits for these weights and initial values, and has vectors to run (AVX, outputs at least 8 wide).</summary>
    public static bool Applies(ReadOnlySpan<float> weights, ReadOnlySpan<float> inits, int outWidth)
    {
        if (!Avx.IsSupported || outWidth < Lanes)
        {
            return false;
        }
        foreach (var w in weights)
        {
            if (!float.IsFinite(w))
            {
                return false;
            }
        }
        foreach (var v in inits)
        {
            if (BitConverter.SingleToInt32Bits(v) == int.MinValue)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Floats of scratch one call needs: the padded planes, plus a vector's slack.</summary>
    public static int Scratch(int planes, int sh, int sw, int pad) => planes * (sh + 2 * pad) * (sw + 2 * pad) + Lanes;

    /// <summary>
    /// dst(r, c) = init + sum over planes j, kernel rows ty, kernel columns tx (each ascending) of
    /// wt[wOff + (j * K + ty) * K + tx] * src(r - pad + ty * dil, c - pad + tx * dil), zero outside the source; the dh x dw
    /// plane at dst[dOff..], dh = sh + 2 pad - (K-1) dil and likewise dw (at least 8); source plane j (sh x sw) at
    /// src[sOff + j * sStride..]. <paramref name="scratch"/> (at least <see cref="Scratch"/> floats) must hold zeros
    /// outside the planes' interiors: it does when it was cleared once and has since been used only by calls of the
    /// same geometry. With <paramref name="relu"/>, each output is stored as ReLU.Apply would leave it; with
    /// <paramref name="gate"/> (laid out as dst), as ReLU.Gate with that gate would leave it.
    /// </summary>
    public static void Run(float[] src, int sOff, int sStride, int planes, int sh, int sw, float[] wt, int wOff, int k, int dil, int pad,
        float init, float[] dst, int dOff, int dh, int dw, bool relu, float[] scratch, float[]? gate = null)
    {
        int hs = sh + 2 * pad, ws = sw + 2 * pad;
        var plane = hs * ws;
        fixed (float* ps = scratch, pw = wt, pd = dst, pin = src, pg = gate)
        {
            // the source rows into the padded planes' interiors (8-wide; a row's last vector overlaps the one before)
            for (var j = 0; j < planes; j++)
            {
                var from = pin + sOff + (long)j * sStride;
                var to = ps + (long)j * plane + pad * ws + pad;
                for (var r = 0; r < sh; r++, from += sw, to += ws)
                {
                    if (sw < Lanes)
                    {
                        for (var c = 0; c < sw; c++)
                        {
                            to[c] = from[c];
                        }
                        continue;
                    }
                    for (var c = 0; c < sw; c += Lanes)
                    {
                        var c0 = Math.Min(c, sw - Lanes);
                        Avx.Store(to + c0, Avx.LoadVector256(from + c0));
                    }
                }
            }
            var w0 = pw + wOff;
            var iv = Vector256.Create(init);
            // chunks: output row r, 8 columns from c = 0, 8, ..., and dw - 8 last (overlapping: those columns computed
            // twice, identically); eight chunks at once (rows x vectors: 2 x 4 up to 32 columns, 4 x 2 up to 16), so
            // that eight independent sums hide the adds' latency; a group past the last row or vector repeats it
            var vectors = (dw + Lanes - 1) / Lanes;
            var perRow = vectors <= 2 ? 2 : 4;
            var rowsPer = 8 / perRow;
            var so = stackalloc long[8];
            var dof = stackalloc long[8];
            for (var r0 = 0; r0 < dh; r0 += rowsPer)
            {
                for (var v0 = 0; v0 < vectors; v0 += perRow)
                {
                    for (int ri = 0, u = 0; ri < rowsPer; ri++)
                    {
                        var r = Math.Min(r0 + ri, dh - 1);
                        for (var vi = 0; vi < perRow; vi++, u++)
                        {
                            var c = Math.Min((v0 + vi) * Lanes, dw - Lanes);
                            so[u] = (long)r * ws + c;
                            dof[u] = (long)r * dw + c;
                        }
                    }
                    long o0 = so[0], o1 = so[1], o2 = so[2], o3 = so[3], o4 = so[4], o5 = so[5], o6 = so[6], o7 = so[7];
                    Vector256<float> a0 = iv, a1 = iv, a2 = iv, a3 = iv, a4 = iv, a5 = iv, a6 = iv, a7 = iv;
                    for (var j = 0; j < planes; j++)
                    {
                        var sp = ps + (long)j * plane;
                        var wp = w0 + j * k * k;
                        for (var ty = 0; ty < k; ty++)
                        {
                            var row = sp + (long)ty * dil * ws;
                            for (var tx = 0; tx < k; tx++)
                            {
                                var wv = Vector256.Create(wp[ty * k + tx]);
                                var p = row + tx * dil;
                                a0 = Avx.Add(a0, Avx.Multiply(wv, Avx.LoadVector256(p + o0)));
                                a1 = Avx.Add(a1, Avx.Multiply(wv, Avx.LoadVector256(p + o1)));
                                a2 = Avx.Add(a2, Avx.Multiply(wv, Avx.LoadVector256(p + o2)));
                                a3 = Avx.Add(a3, Avx.Multiply(wv, Avx.LoadVector256(p + o3)));
                                a4 = Avx.Add(a4, Avx.Multiply(wv, Avx.LoadVector256(p + o4)));
                                a5 = Avx.Add(a5, Avx.Multiply(wv, Avx.LoadVector256(p + o5)));
                                a6 = Avx.Add(a6, Avx.Multiply(wv, Avx.LoadVector256(p + o6)));
                                a7 = Avx.Add(a7, Avx.Multiply(wv, Avx.LoadVector256(p + o7)));
                            }
                        }
                    }
                    if (relu)
                    {
                        // ReLU.Apply's max (its second operand on NaN or equal zeros)
                        a0 = Avx.Max(a0, Vector256<float>.Zero);
                        a1 = Avx.Max(a1, Vector256<float>.Zero);
                        a2 = Avx.Max(a2, Vector256<float>.Zero);
                        a3 = Avx.Max(a3, Vector256<float>.Zero);
                        a4 = Avx.Max(a4, Vector256<float>.Zero);
                        a5 = Avx.Max(a5, Vector256<float>.Zero);
                        a6 = Avx.Max(a6, Vector256<float>.Zero);
                        a7 = Avx.Max(a7, Vector256<float>.Zero);
                    }
                    if (pg is not null)
                    {
                        // a fused ReLU's gradient gate on its input (same layout as dst): +0 where it is not positive
                        var g = pg + dOff;
                        a0 = Avx.And(Avx.CompareGreaterThan(Avx.LoadVector256(g + dof[0]), Vector256<float>.Zero), a0);
                        a1 = Avx.And(Avx.CompareGreaterThan(Avx.LoadVector256(g + dof[1]), Vector256<float>.Zero), a1);
                        a2 = Avx.And(Avx.CompareGreaterThan(Avx.LoadVector256(g + dof[2]), Vector256<float>.Zero), a2);
                        a3 = Avx.And(Avx.CompareGreaterThan(Avx.LoadVector256(g + dof[3]), Vector256<float>.Zero), a3);
                        a4 = Avx.And(Avx.CompareGreaterThan(Avx.LoadVector256(g + dof[4]), Vector256<float>.Zero), a4);
                        a5 = Avx.And(Avx.CompareGreaterThan(Avx.LoadVector256(g + dof[5]), Vector256<float>.Zero), a5);
                        a6 = Avx.And(Avx.CompareGreaterThan(Avx.LoadVector256(g + dof[6]), Vector256<float>.Zero), a6);
                        a7 = Avx.And(Avx.CompareGreaterThan(Avx.LoadVector256(g + dof[7]), Vector256<float>.Zero), a7);
                    }
                    var drow = pd + dOff;
                    Avx.Store(drow + dof[0], a0);
                    Avx.Store(drow + dof[1], a1);
                    Avx.Store(drow + dof[2], a2);
                    Avx.Store(drow + dof[3], a3);
                    Avx.Store(drow + dof[4], a4);
                    Avx.Store(drow + dof[5], a5);
                    Avx.Store(drow + dof[6], a6);
                    Avx.Store(drow + dof[7], a7);
                }
            }
        }
    }
}
