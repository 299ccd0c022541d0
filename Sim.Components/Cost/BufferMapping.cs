using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Cost;

/// <summary>
/// How one buffer maps onto physical RAM blocks: each of its banks is a memory of bank-width bits by
/// capacity / (banks x bank width) words, built from the primitive's aspect ratio that needs the fewest blocks, copied
/// once per extra port. <see cref="WastedBits"/> is what rounding widths and depths up to whole blocks costs.
/// </summary>
/// <remarks>
/// Aspect ratios (width x depth per block): Xilinx 36 Kb block RAM 1x32K, 2x16K, 4x8K, 9x4K, 18x2K, 36x1K, 72x512 and
/// its 18 Kb halves 1x16K ... 36x512 (Xilinx UG573 and UG473); Intel M20K 1x16K, 2x8K, 5x4K, 10x2K, 20x1K, 40x512
/// (Intel Stratix 10 Embedded Memory User Guide); UltraRAM 72x4K only (UG573). A block used as a simple dual-port RAM
/// reads one word and writes one word per cycle, which is what one bank port pair needs; ping-pong halves share the
/// bank's blocks (the half is the top address bit), so double buffering costs no blocks of its own.
/// [assumption: multi-port] more read ports are copies of the bank (every copy takes every write); more write ports
/// multiply the copies again (a live-value-table multi-write RAM without its small table).
/// </remarks>
public sealed record BufferMapping(
    BufferKind Buffer,
    MemoryPrimitive Primitive,
    double Blocks,
    long CapacityBits,
    long PhysicalBits,
    int BlocksPerWordAccess,
    int DepthBlocks,
    int Copies)
{
    public long WastedBits => PhysicalBits - CapacityBits;

    /// <summary>Capacity over physical bits.</summary>
    public double Efficiency => PhysicalBits == 0 ? 0 : (double)CapacityBits / PhysicalBits;

    private static readonly (int Width, int Depth, double Blocks)[] Bram36Shapes =
    [
        (1, 32768, 1), (2, 16384, 1), (4, 8192, 1), (9, 4096, 1), (18, 2048, 1), (36, 1024, 1), (72, 512, 1),
        (1, 16384, 0.5), (2, 8192, 0.5), (4, 4096, 0.5), (9, 2048, 0.5), (18, 1024, 0.5), (36, 512, 0.5),
    ];

    private static readonly (int Width, int Depth, double Blocks)[] M20KShapes =
    [
        (1, 16384, 1), (2, 8192, 1), (5, 4096, 1), (10, 2048, 1), (20, 1024, 1), (40, 512, 1),
    ];

    private static readonly (int Width, int Depth, double Blocks)[] UramShapes = [(72, 4096, 1)];

    /// <summary>Kilobits of one block of a primitive on a device.</summary>
    public static int BlockKbits(MemoryPrimitive primitive, FpgaDevice device) => primitive == MemoryPrimitive.UltraRam ? 288 : device.BramKbits;

    /// <summary>The mapping of one buffer onto one primitive of a device.</summary>
    public static BufferMapping Map(BufferKind kind, BufferConfig buffer, MemoryPrimitive primitive, FpgaDevice device)
    {
        var widthBits = (long)buffer.BankWidthBytes * 8;
        var depth = CeilDiv(buffer.CapacityBytes, (long)buffer.Banks * buffer.BankWidthBytes);
        var copies = buffer.ReadPorts * buffer.WritePorts;
        var shapes = primitive == MemoryPrimitive.UltraRam ? UramShapes : device.BramKind == BlockRamKind.M20K ? M20KShapes : Bram36Shapes;
        var best = double.MaxValue;
        long across = 0, down = 0;
        foreach (var (w, d, blocks) in shapes)
        {
            var a = CeilDiv(widthBits, w);
            var b = CeilDiv(depth, d);
            var cost = a * b * blocks;
            if (cost < best)
            {
                (best, across, down) = (cost, a, b);
            }
        }
        var perBank = best * copies;
        var total = perBank * buffer.Banks;
        var blockBits = BlockKbits(primitive, device) * 1024L;
        return new BufferMapping(kind, primitive, total, buffer.CapacityBytes * 8, (long)Math.Round(total * blockBits), (int)across, (int)down, copies);
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
