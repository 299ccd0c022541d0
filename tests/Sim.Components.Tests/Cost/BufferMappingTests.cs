using Sim.Components.Config;
using Sim.Components.Cost;
using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Tests.Cost;

public class BufferMappingTests
{
    private static readonly FpgaDevice Vu9p = DeviceCatalog.BuiltIn.Get("xcvu9p");
    private static readonly FpgaDevice Stratix = DeviceCatalog.BuiltIn.Get("1sx280");

    [Fact]
    public void OneMebibyteOf32Banks8BytesWide()
    {
        // Each bank: 64 bits x 4096 words. BRAM36 512x72 needs 1 x 8 blocks (as do 4Kx9: 8 x 1, 1Kx36: 2 x 4): 8 per bank.
        var b = new BufferConfig { CapacityBytes = 1L << 20 };
        var bram = BufferMapping.Map(BufferKind.Input, b, MemoryPrimitive.BlockRam, Vu9p);
        Assert.Equal(256, bram.Blocks);
        Assert.Equal(256L * 36 * 1024, bram.PhysicalBits);
        Assert.Equal(8L << 20, bram.CapacityBits);
        // 64 of every 72 bits used.
        Assert.Equal(64.0 / 72, bram.Efficiency, 12);
        // UltraRAM 4Kx72: exactly one per bank.
        var uram = BufferMapping.Map(BufferKind.Input, b, MemoryPrimitive.UltraRam, Vu9p);
        Assert.Equal((32.0, 1, 1), (uram.Blocks, uram.BlocksPerWordAccess, uram.DepthBlocks));
    }

    [Fact]
    public void HalfBlocksAndWasteWhenDepthDoesNotDivide()
    {
        // 16-bit x 3000 words per bank: three BRAM18 1Kx18 halves (1.5 blocks) beat 2Kx18 x 2 or 4Kx9 x 2 (2 blocks).
        var b = new BufferConfig { CapacityBytes = 2 * 3000 * 4, Banks = 4, BankWidthBytes = 2 };
        var m = BufferMapping.Map(BufferKind.Weight, b, MemoryPrimitive.BlockRam, Vu9p);
        Assert.Equal(4 * 1.5, m.Blocks);
        Assert.Equal(4 * 1.5 * 36 * 1024, m.PhysicalBits);
        Assert.Equal(6 * 36 * 1024 - 4 * 3000 * 16, m.WastedBits);
        Assert.Equal(3, m.DepthBlocks);
        // The same bank on M20K: 20-bit x 1K blocks, three deep.
        Assert.Equal(4 * 3.0, BufferMapping.Map(BufferKind.Weight, b, MemoryPrimitive.BlockRam, Stratix).Blocks);
        // UltraRAM: one 4Kx72 block per bank, 72 of 16 bits used.
        Assert.Equal(4.0, BufferMapping.Map(BufferKind.Weight, b, MemoryPrimitive.UltraRam, Vu9p).Blocks);
    }

    [Fact]
    public void ExtraPortsAreCopies()
    {
        var b = new BufferConfig { CapacityBytes = 1L << 20, ReadPorts = 2, WritePorts = 2 };
        var m = BufferMapping.Map(BufferKind.Input, b, MemoryPrimitive.UltraRam, Vu9p);
        Assert.Equal((128.0, 4), (m.Blocks, m.Copies));
    }
}
