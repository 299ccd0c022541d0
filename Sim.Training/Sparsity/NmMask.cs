using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Sim.Training.Gemm;
using Sim.Vocabulary;

namespace Sim.Training.Sparsity;

/// <summary>Which weight dimension an N:M group runs along.</summary>
public enum GroupAxis
{
    /// <summary>Input channels (input features): the FP reduction dimension.</summary>
    Cin,
    /// <summary>Output channels (output features): the BP reduction dimension.</summary>
    Cout,
}

/// <summary>
/// N:M mask generation by magnitude: in every group of M consecutive weights along the chosen axis (the
/// other indices fixed), the N largest |w| are kept; ties go to the lower index. A trailing group shorter
/// than M keeps its min(N, length) largest. Weights are viewed as (Cout, Cin, Kh, Kw), linear as (Cout, Cin).
/// </summary>
public static class NmMask
{
    /// <summary>Writes 1 (kept) or 0 (pruned) into <paramref name="mask"/> for each weight.</summary>
    public static void Generate(ReadOnlySpan<float> w, int cout, int cin, int kernelArea, NmPattern pattern, GroupAxis axis, Span<byte> mask)
    {
        var total = cout * cin * kernelArea;
        if (w.Length < total || mask.Length < total)
        {
            throw new ArgumentException($"weights/mask hold fewer than {cout}x{cin}x{kernelArea} values");
        }
        if (pattern.IsDense)
        {
            mask[..total].Fill(1);
            return;
        }
        int n = pattern.N, m = pattern.M;
        if (n < 1 || n > m)
        {
            throw new ArgumentException($"invalid pattern {pattern}");
        }
        // length along the axis, element stride along it, and the (outer, inner) iteration of the fixed indices
        int len, stride, outer, inner, outerStride;
        if (axis == GroupAxis.Cin)
        {
            len = cin; stride = kernelArea; outer = cout; outerStride = cin * kernelArea; inner = kernelArea;
        }
        else
        {
            len = cout; stride = cin * kernelArea; outer = 1; outerStride = 0; inner = cin * kernelArea;
        }
        if (Vector256.IsHardwareAccelerated && m <= MaxVectorGroup)
        {
            GenerateLanes(w, mask, n, m, len, stride, outer, inner, outerStride);
            return;
        }
        for (var o = 0; o < outer; o++)
        {
            for (var f = 0; f < inner; f++)
            {
                var start = o * outerStride + f;
                for (var g0 = 0; g0 < len; g0 += m)
                {
                    var size = Math.Min(m, len - g0);
                    var keep = Math.Min(n, size);
                    // partial selection sort: pick `keep` times the largest |w| with lowest index on ties
                    for (var i = 0; i < size; i++)
                    {
                        mask[start + (g0 + i) * stride] = 0;
                    }
                    for (var s = 0; s < keep; s++)
                    {
                        var best = -1;
                        var bestMag = -1f;
                        for (var i = 0; i < size; i++)
                        {
                            var pos = start + (g0 + i) * stride;
                            if (mask[pos] != 0)
                            {
                                continue;
                            }
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
    }

    /// <summary>Longest group the lane-parallel selection handles (its magnitudes live on the stack).</summary>
    private const int MaxVectorGroup = 64;

    /// <summary>
    /// The selection of <see cref="Generate"/> for eight groups at once, one per vector lane (groups at the same
    /// offset along the axis, consecutive in the other indices): the same rounds of "largest unchosen |w|, lowest
    /// index on ties, NaN only when nothing was chosen yet in the round", as compares and blends without
    /// branches, so the mask equals the scalar loop's.
    /// </summary>
    private static unsafe void GenerateLanes(ReadOnlySpan<float> w, Span<byte> mask, int n, int m, int len, int stride, int outer, int inner, int outerStride)
    {
        Span<float> mags = stackalloc float[m * 8];
        Span<Vector256<int>> chosen = stackalloc Vector256<int>[m];
        Span<int> bases = stackalloc int[8];
        Span<float> lanesOut = stackalloc float[64];
        var groups = outer * inner;
        var minusOne = Vector256.Create(-1f);
        // groups that are 8 consecutive floats along the axis (FP masks of linear layers): 8 groups at once as an 8 x 8 transpose
        var contiguous = Avx.IsSupported && inner == 1 && stride == 1 && m == 8;
        fixed (float* pw = w, pm = mags, po = lanesOut)
        fixed (byte* pmask = mask)
        {
            for (var t0 = 0; t0 < groups; t0 += 8)
            {
                var lanes = Math.Min(8, groups - t0);
                for (var l = 0; l < lanes; l++)
                {
                    var t = t0 + l;
                    bases[l] = t / inner * outerStride + t % inner;
                }
                // bases rise strictly with t, so 8 lanes 7 apart are 8 consecutive floats: one vector per offset
                var consecutive = lanes == 8 && bases[7] - bases[0] == 7;
                var transposed = contiguous && lanes == 8;
                for (var g0 = 0; g0 < len; g0 += m)
                {
                    var size = Math.Min(m, len - g0);
                    var keep = Math.Min(n, size);
                    if (consecutive)
                    {
                        for (var i = 0; i < size; i++)
                        {
                            Vector256.Abs(Vector256.Load(pw + bases[0] + (g0 + i) * stride)).Store(pm + i * 8);
                        }
                    }
                    else if (transposed && size == 8)
                    {
                        Sgemm.Transpose8x8(pw + bases[0] + g0, outerStride, pm, 8);
                        for (var i = 0; i < 8; i++)
                        {
                            Vector256.Abs(Vector256.Load(pm + i * 8)).Store(pm + i * 8);
                        }
                    }
                    else
                    {
                        for (var i = 0; i < size; i++)
                        {
                            var row = mags.Slice(i * 8, 8);
                            var off = (g0 + i) * stride;
                            for (var l = 0; l < lanes; l++)
                            {
                                row[l] = MathF.Abs(w[bases[l] + off]);
                            }
                            row[lanes..].Clear();
                        }
                    }
                    for (var i = 0; i < size; i++)
                    {
                        chosen[i] = Vector256<int>.Zero;
                    }
                    for (var s = 0; s < keep; s++)
                    {
                        var bestMag = minusOne;
                        var bestIndex = Vector256.Create(-1);
                        var have = Vector256<int>.Zero;
                        for (var i = 0; i < size; i++)
                        {
                            var mag = Vector256.Create<float>(mags.Slice(i * 8, 8));
                            var nan = ~Vector256.Equals(mag, mag).AsInt32();
                            var take = ~chosen[i] & (Vector256.GreaterThan(mag, bestMag).AsInt32() | (nan & ~have));
                            bestMag = Vector256.ConditionalSelect(take.AsSingle(), mag, bestMag);
                            bestIndex = Vector256.ConditionalSelect(take, Vector256.Create(i), bestIndex);
                            have |= take;
                        }
                        for (var i = 0; i < size; i++)
                        {
                            chosen[i] |= Vector256.Equals(bestIndex, Vector256.Create(i));
                        }
                    }
                    if (consecutive)
                    {
                        for (var i = 0; i < size; i++)
                        {
                            *(ulong*)(pmask + bases[0] + (g0 + i) * stride) = LaneBytes(chosen[i]);
                        }
                    }
                    else if (transposed && size == 8)
                    {
                        // chosen[i] lane l belongs to weight bases[l] + g0 + i: transpose back, then 8 bytes per group
                        for (var i = 0; i < 8; i++)
                        {
                            chosen[i].AsSingle().Store(pm + i * 8);
                        }
                        Sgemm.Transpose8x8(pm, 8, po, 8);
                        for (var l = 0; l < 8; l++)
                        {
                            *(ulong*)(pmask + bases[l] + g0) = LaneBytes(Vector256.Load(po + l * 8).AsInt32());
                        }
                    }
                    else
                    {
                        for (var i = 0; i < size; i++)
                        {
                            var off = (g0 + i) * stride;
                            var c = chosen[i];
                            for (var l = 0; l < lanes; l++)
                            {
                                mask[bases[l] + off] = c.GetElement(l) != 0 ? (byte)1 : (byte)0;
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Eight lanes of all ones or zero as eight bytes 1 or 0 (lane 0 in the lowest byte, as memory order wants on x86).</summary>
    private static ulong LaneBytes(Vector256<int> lanes)
    {
        var bits = (ulong)Vector256.ExtractMostSignificantBits(lanes);
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.ParallelBitDeposit(bits, 0x0101010101010101UL);
        }
        ulong v = 0;
        for (var l = 0; l < 8; l++)
        {
            v |= ((bits >> l) & 1UL) << (8 * l);
        }
        return v;
    }

    /// <summary>out = w where mask is 1, else 0.</summary>
    public static void Apply(ReadOnlySpan<float> w, ReadOnlySpan<byte> mask, Span<float> output)
    {
        if (w.Length < output.Length || mask.Length < output.Length)
        {
            throw new ArgumentException("weights/mask shorter than the output");
        }
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // eight mask bytes widened to lanes: all ones where kept (w passes bit for bit), zero elsewhere
            for (; i + 8 <= output.Length; i += 8)
            {
                var bytes = Vector128.CreateScalar(System.Runtime.InteropServices.MemoryMarshal.Read<long>(mask.Slice(i, 8))).AsByte();
                var halves = Vector128.WidenLower(bytes);
                var lanes = Vector256.Create(Vector128.WidenLower(halves), Vector128.WidenUpper(halves)).AsInt32();
                var keep = ~Vector256.Equals(lanes, Vector256<int>.Zero);
                (Vector256.Create<float>(w.Slice(i, 8)).AsInt32() & keep).AsSingle().CopyTo(output.Slice(i, 8));
            }
        }
        for (; i < output.Length; i++)
        {
            output[i] = mask[i] != 0 ? w[i] : 0f;
        }
    }

    /// <summary>g += lambda * w (a multiplication, then an addition) where mask is 0; kept weights' gradients untouched.</summary>
    public static void AddWherePruned(ReadOnlySpan<float> w, ReadOnlySpan<byte> mask, float lambda, Span<float> g)
    {
        if (w.Length < g.Length || mask.Length < g.Length)
        {
            throw new ArgumentException("weights/mask shorter than the gradient");
        }
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vl = Vector256.Create(lambda);
            for (; i + 8 <= g.Length; i += 8)
            {
                var bytes = Vector128.CreateScalar(System.Runtime.InteropServices.MemoryMarshal.Read<long>(mask.Slice(i, 8))).AsByte();
                var halves = Vector128.WidenLower(bytes);
                var lanes = Vector256.Create(Vector128.WidenLower(halves), Vector128.WidenUpper(halves)).AsInt32();
                var pruned = Vector256.Equals(lanes, Vector256<int>.Zero).AsSingle();
                var gi = Vector256.Create<float>(g.Slice(i, 8));
                var product = vl * Vector256.Create<float>(w.Slice(i, 8));
                Vector256.ConditionalSelect(pruned, gi + product, gi).CopyTo(g.Slice(i, 8));
            }
        }
        for (; i < g.Length; i++)
        {
            if (mask[i] == 0)
            {
                g[i] += lambda * w[i];
            }
        }
    }

    /// <summary>True when every group along <paramref name="axis"/> has at most N non-zeros (used by tests and checks).</summary>
    public static bool Satisfies(ReadOnlySpan<float> w, int cout, int cin, int kernelArea, NmPattern pattern, GroupAxis axis)
    {
        if (pattern.IsDense)
        {
            return true;
        }
        for (var co = 0; co < cout; co++)
        {
            for (var ci = 0; ci < cin; ci++)
            {
                for (var f = 0; f < kernelArea; f++)
                {
                    var along = axis == GroupAxis.Cin ? ci : co;
                    if (along % pattern.M != 0)
                    {
                        continue;
                    }
                    var nz = 0;
                    var len = axis == GroupAxis.Cin ? cin : cout;
                    for (var i = along; i < Math.Min(len, along + pattern.M); i++)
                    {
                        var pos = axis == GroupAxis.Cin ? (co * cin + i) * kernelArea + f : (i * cin + ci) * kernelArea + f;
                        if (w[pos] != 0f)
                        {
                            nz++;
                        }
                    }
                    if (nz > pattern.N)
                    {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
