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

    /// <summary>out = w where mask is 1, else 0.</summary>
    public static void Apply(ReadOnlySpan<float> w, ReadOnlySpan<byte> mask, Span<float> output)
    {
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = mask[i] != 0 ? w[i] : 0f;
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
