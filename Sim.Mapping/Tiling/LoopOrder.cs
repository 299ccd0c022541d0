namespace Sim.Mapping.Tiling;

/// <summary>
/// Order of the three tile loops of a GEMM, outermost first. The innermost loop decides which operand stays
/// resident: K innermost keeps the output tile in the output buffer until complete (no partial-sum traffic);
/// N innermost keeps the A tile; M innermost keeps the B (weight) tile.
/// </summary>
public enum LoopOrder
{
    MNK,
    NMK,
    MKN,
    NKM,
    KMN,
    KNM,
}
