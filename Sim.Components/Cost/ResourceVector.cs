namespace Sim.Components.Cost;

/// <summary>
/// An amount of each FPGA resource. DSPs and block RAMs are fractional because two INT8 products share one DSP48E2
/// and a 36 Kb block RAM splits into two 18 Kb halves; a design's total is rounded up when compared with a device.
/// </summary>
public readonly record struct ResourceVector(double Dsps, double Luts, double Ffs, double BramBlocks, double UramBlocks)
{
    public static ResourceVector Zero => default;

    public static ResourceVector operator +(ResourceVector a, ResourceVector b) =>
        new(a.Dsps + b.Dsps, a.Luts + b.Luts, a.Ffs + b.Ffs, a.BramBlocks + b.BramBlocks, a.UramBlocks + b.UramBlocks);

    public static ResourceVector operator *(double k, ResourceVector a) =>
        new(k * a.Dsps, k * a.Luts, k * a.Ffs, k * a.BramBlocks, k * a.UramBlocks);
}
