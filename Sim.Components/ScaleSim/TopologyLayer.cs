namespace Sim.Components.ScaleSim;

/// <summary>
/// One layer of a SCALE-Sim topology, in its convolution form (a GEMM row M, N, K is the convolution
/// IFMAP M x K, filter 1 x K, 1 channel, N filters, stride 1, exactly as SCALE-Sim rewrites it). Strides are
/// vertical (<see cref="Stride"/>, the 8th topology column) and horizontal (<see cref="StrideWidth"/>, the optional
/// 9th column, equal to the vertical stride when absent). Output size as SCALE-Sim computes it:
/// ceil((IFMAP - filter + stride) / stride), so a window that starts inside the IFMAP but runs past its edge still
/// produces an output pixel (its missing inputs are never read).
/// </summary>
public sealed record TopologyLayer(string Name, int IfmapHeight, int IfmapWidth, int FilterHeight, int FilterWidth, int Channels, int NumFilters, int Stride)
{
    /// <summary>Horizontal stride; 0 means "same as <see cref="Stride"/>".</summary>
    public int StrideWidth { get; init; }

    /// <summary>SCALE-Sim v3's per-layer <c>Sparsity</c> column, N of N:M (1:1, dense, when absent).</summary>
    public int SparsityN { get; init; } = 1;

    /// <summary>M of the layer's N:M.</summary>
    public int SparsityM { get; init; } = 1;

    public static TopologyLayer FromGemm(string name, int m, int n, int k) => new(name, m, k, 1, k, 1, n, 1);

    public int HorizontalStride => StrideWidth > 0 ? StrideWidth : Stride;

    public int OfmapHeight => (IfmapHeight - FilterHeight + Stride - 1) / Stride + 1;
    public int OfmapWidth => (IfmapWidth - FilterWidth + HorizontalStride - 1) / HorizontalStride + 1;

    /// <summary>GEMM rows: output pixels.</summary>
    public long M => (long)OfmapHeight * OfmapWidth;

    /// <summary>GEMM columns: filters.</summary>
    public long N => NumFilters;

    /// <summary>Reduction: the convolution window.</summary>
    public long K => (long)FilterHeight * FilterWidth * Channels;

    /// <summary>MACs (SCALE-Sim's "num_compute": output pixels x filters x window).</summary>
    public long Macs => M * N * K;

    /// <summary>Distinct IFMAP words (before im2col expansion).</summary>
    public long IfmapWords => (long)IfmapHeight * IfmapWidth * Channels;
}
