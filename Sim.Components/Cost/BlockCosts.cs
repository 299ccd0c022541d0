namespace Sim.Components.Cost;

/// <summary>
/// Resources of SAT's blocks other than the PE array and the buffers: the sparse online reduction engine's lanes, the
/// vector engine's lanes, the controller, one memory controller and DMA per DRAM channel, and the platform shell.
/// Each is a named assumption (no published breakdown of SAT's resources is at hand, docs/sat.md) sized from what the block
/// must hold; block RAM is given in kilobits and converted to the device's blocks.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>[assumption: sorter lane] a top-N insertion sorter over groups of M operands: N entries of (operand + index)
/// bits, one comparator per entry (one LUT per bit on the carry chain, Xilinx UG574) and a 2:1 shift multiplexer per
/// entry bit, an M-operand input register, 16 LUTs and flip-flops of control.</item>
/// <item>[assumption: vector lane] an FP32 multiply-add for the mixed-precision update (the multiplier two DSPs as PG060's
/// full-usage single-precision multiplier, a fabric adder of 320 LUTs / 420 flip-flops) plus 200 LUTs and flip-flops of
/// compare/select and FP16-FP32 conversion for ReLU, pooling and batch norm; on Stratix 10 one hard FP32 DSP block.</item>
/// <item>[assumption: controller] operation queues, dependence tracking and buffer bookkeeping: 20,000 LUTs, 30,000
/// flip-flops, 576 Kb of block RAM.</item>
/// <item>[assumption: memory controller] per DDR channel a 64-bit soft DDR3/DDR4 controller with its DMA engine: 10,000
/// LUTs, 12,000 flip-flops, 936 Kb of block RAM (the order of Xilinx's memory-interface IP, PG150); per HBM2
/// pseudo-channel (hard controller) the AXI port and DMA: 1,500 LUTs, 2,000 flip-flops, 72 Kb.</item>
/// <item>[assumption: shell] PCIe DMA, clocking and board management: 60,000 LUTs, 90,000 flip-flops, 3,600 Kb of
/// block RAM, the order of an XDMA-based Alveo static region.</item>
/// </list>
/// </remarks>
public static class BlockCosts
{
    public static ResourceVector SparseGenLane(OperandPrecision precision, int n, int m)
    {
        var bits = precision.Bits();
        var entry = bits + (int)Math.Ceiling(Math.Log2(Math.Max(2, m)));
        return new ResourceVector(0, n * (bits + 2 * entry) + 16, m * bits + n * entry + 16, 0, 0);
    }

    public static ResourceVector VectorLane(DspKind dsp) => dsp == DspKind.Stratix10VariablePrecision
        ? new ResourceVector(1, 200, 300, 0, 0)
        : new ResourceVector(2, 100 + 320 + 200, 150 + 420 + 200, 0, 0);

    public static ResourceVector Controller(FpgaDevice device) => new(0, 20_000, 30_000, Blocks(576, device), 0);

    public static ResourceVector MemoryChannel(FpgaDevice device) => device.Memory.StartsWith("hbm", StringComparison.Ordinal)
        ? new ResourceVector(0, 1_500, 2_000, Blocks(72, device), 0)
        : new ResourceVector(0, 10_000, 12_000, Blocks(936, device), 0);

    public static ResourceVector Shell(FpgaDevice device) => new(0, 60_000, 90_000, Blocks(3_600, device), 0);

    /// <summary>Kilobits of block RAM as whole blocks of the device.</summary>
    private static double Blocks(int kbits, FpgaDevice device) => Math.Ceiling((double)kbits / device.BramKbits);
}
