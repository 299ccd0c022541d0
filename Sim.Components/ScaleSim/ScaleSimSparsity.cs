namespace Sim.Components.ScaleSim;

/// <summary>
/// SCALE-Sim v3's layer-wise N:M sparsity (README_Sparsity.md of scale-sim-v3; <c>OptimizedMapping: false</c>), as
/// its reports show it: along the convolution window (K) every block of M positions keeps its first N, the same
/// positions for every filter; the IFMAP operand keeps only those window columns and the filter operand is
/// condensed to them, so the array runs a dense GEMM of K' = kept positions whose filter words keep their dense
/// addresses. Storage figures of SPARSE_REPORT.csv: the dense filter (K x filters words), and per representation
/// the compressed filter plus its metadata (Blocked ELLPACK: ceil(log2 M) bits per kept word in 32-bit words; CSR /
/// CSC: kept words and their column / row ids plus K + 1 / filters + 1 pointers).
/// </summary>
public static class ScaleSimSparsity
{
    /// <summary>The representations SCALE-Sim v3 reports storage for.</summary>
    public static IReadOnlyList<string> Representations { get; } = ["ellpack_block", "csr", "csc"];

    /// <summary>Window positions kept by N:M over a window of <paramref name="k"/>: position j is kept when j mod M &lt; N.</summary>
    public static int[] KeptWindow(long k, int n, int m)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfLessThan(m, n);
        var kept = new List<int>((int)Math.Min(k, int.MaxValue));
        for (var j = 0; j < k; j++)
        {
            if (j % m < n) kept.Add(j);
        }
        return [.. kept];
    }

    /// <summary>Number of kept window positions (floor(K / M) N + min(K mod M, N)).</summary>
    public static long Kept(long k, int n, int m) => k / m * n + Math.Min(k % m, n);

    /// <summary>SPARSE_REPORT.csv's storage fields of one layer, formatted as SCALE-Sim v3 prints them.</summary>
    public static (string Original, string New, string Metadata, double MetadataWords) Storage(string representation, long k, long filters, int n, int m)
    {
        var kept = Kept(k, n, m);
        var nonzero = kept * filters;
        var original = (k * filters).ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (representation)
        {
            case "csr":
            {
                var meta = nonzero + k + 1;
                return (original, (2 * nonzero + k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), meta.ToString(System.Globalization.CultureInfo.InvariantCulture), meta);
            }
            case "csc":
            {
                var meta = nonzero + filters + 1;
                return (original, (2 * nonzero + filters + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), meta.ToString(System.Globalization.CultureInfo.InvariantCulture), meta);
            }
            default:
            {
                var bits = m <= 1 ? 0 : (int)Math.Ceiling(Math.Log2(m));
                var meta = nonzero * (double)bits / 32;
                return (original, ScaleSimReportWriter.Py(nonzero + meta), ScaleSimReportWriter.Py(meta), meta);
            }
        }
    }
}
