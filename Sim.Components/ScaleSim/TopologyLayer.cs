namespace Sim.Components.ScaleSim;

/// <summary>
/// One layer of a SCALE-Sim topology, in its convolution form (a GEMM row M, N, K is the convolution
/// IFMAP M x K, filter 1 x K, 1 channel, N filters, stride 1, exactly as SCALE-Sim rewrites it). No padding:
/// output height = (IFMAP height - filter height) / stride + 1, as SCALE-Sim computes it.
/// </summary>
public sealed record TopologyLayer(string Name, int IfmapHeight, int IfmapWidth, int FilterHeight, int FilterWidth, int Channels, int NumFilters, int Stride)
{
    public static TopologyLayer FromGemm(string name, int m, int n, int k) => new(name, m, k, 1, k, 1, n, 1);

    public int OfmapHeight => (IfmapHeight - FilterHeight) / Stride + 1;
    public int OfmapWidth => (IfmapWidth - FilterWidth) / Stride + 1;

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
