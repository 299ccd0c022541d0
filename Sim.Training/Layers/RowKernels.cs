using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sim.Training.Layers;

/// <summary>
/// Copies and adds over the short rows (a few to a few dozen floats) that im2col and col2im move for narrow
/// images, inline instead of through general span helpers whose per-call cost dominates at that length.
/// Data movement and one addition per element, so the results equal the plain loops.
/// </summary>
internal static unsafe class RowKernels
{
    /// <summary>dst = [0 x lo, src, 0 ...]: <paramref name="src"/> placed at <paramref name="lo"/>, the rest of <paramref name="dst"/> zero.</summary>
    public static void CopyPadded(ReadOnlySpan<float> src, Span<float> dst, int lo)
    {
        if ((uint)lo > (uint)dst.Length || src.Length > dst.Length - lo)
        {
            throw new ArgumentOutOfRangeException(nameof(lo));
        }
        fixed (float* ps = src, pd = dst)
        {
            var i = 0;
            for (; i < lo; i++)
            {
                pd[i] = 0f;
            }
            var n = src.Length;
            var d = pd + lo;
            var j = 0;
            if (Avx.IsSupported)
            {
                for (; j + 8 <= n; j += 8)
                {
                    Avx.Store(d + j, Avx.LoadVector256(ps + j));
                }
            }
            for (; j < n; j++)
            {
                d[j] = ps[j];
            }
            for (i = lo + n; i < dst.Length; i++)
            {
                pd[i] = 0f;
            }
        }
    }

    /// <summary>dst[i] += src[i].</summary>
    public static void AddInto(Span<float> dst, ReadOnlySpan<float> src)
    {
        if (src.Length < dst.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(src));
        }
        fixed (float* ps = src, pd = dst)
        {
            var n = dst.Length;
            var j = 0;
            if (Avx.IsSupported)
            {
                for (; j + 8 <= n; j += 8)
                {
                    Avx.Store(pd + j, Avx.Add(Avx.LoadVector256(pd + j), Avx.LoadVector256(ps + j)));
                }
            }
            for (; j < n; j++)
            {
                pd[j] += ps[j];
            }
        }
    }
}
