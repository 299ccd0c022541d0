namespace Sim.Components.Cost;

/// <summary>
/// One FPGA device on one board, a row of <c>data/devices.csv</c>: the resources a design may use, the board memory
/// the accelerator streams from, and the inputs of the power model. Every figure's source is in the row, so that a
/// resource report can say where the "available" column comes from.
/// </summary>
public sealed record FpgaDevice
{
    public required string Name { get; init; }
    public required string Vendor { get; init; }
    public required string Family { get; init; }
    public required string Part { get; init; }
    public required string Board { get; init; }
    public required long Luts { get; init; }
    public required long FlipFlops { get; init; }
    public required long Dsps { get; init; }
    public required DspKind DspKind { get; init; }
    public required BlockRamKind BramKind { get; init; }
    public required long BramBlocks { get; init; }
    public required long UramBlocks { get; init; }

    /// <summary>Board memory technology (ddr3, ddr4, hbm2).</summary>
    public required string Memory { get; init; }
    public required int MemoryChannels { get; init; }
    public required double MemoryGBpsPerChannel { get; init; }
    public required double MemoryPjPerBit { get; init; }
    public required double FpgaStaticW { get; init; }
    public required double BoardStaticW { get; init; }

    /// <summary>Multiplier of the 16 nm dynamic-energy coefficients for this device's process node.</summary>
    public required double EnergyScale { get; init; }
    public required string ResourceSource { get; init; }
    public required string MemorySource { get; init; }
    public required string PowerSource { get; init; }

    /// <summary>Kilobits of one block RAM (36 or 20).</summary>
    public int BramKbits => BramKind == BlockRamKind.Bram36 ? 36 : 20;

    /// <summary>Peak board-memory bandwidth over all channels, GB/s.</summary>
    public double MemoryPeakGBps => MemoryChannels * MemoryGBpsPerChannel;
}
