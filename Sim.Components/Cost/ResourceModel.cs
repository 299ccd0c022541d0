using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Cost;

/// <summary>
/// Estimates the FPGA resources of a SAT design on a device: the PE array (<see cref="PeCosts"/> per PE), the four
/// buffers (<see cref="BufferMapping"/>), the sparse-generation and vector lanes, the controller, one memory channel
/// controller per DRAM channel and the platform shell (<see cref="BlockCosts"/>). Used to reject designs a board cannot
/// hold and to name what limits them, before any cycle is simulated.
/// </summary>
/// <remarks>
/// Buffers are placed largest first: on UltraRAM when the device has it, the UltraRAM mapping needs no more physical
/// bits than the block-RAM one and enough UltraRAM is left; otherwise on block RAM. A buffer in
/// <see cref="DesignOptions.BufferPrimitives"/> goes where it says.
/// </remarks>
public static class ResourceModel
{
    public static ResourceReport Estimate(HardwareConfig hw, FpgaDevice device, DesignOptions? options = null)
    {
        options ??= DesignOptions.Default;
        var precision = options.Precision ?? OperandPrecisions.FromOperandBytes(hw.OperandBytes);
        var m = options.Sparsity.IsDense ? 1 : options.Sparsity.M;
        var pes = (long)hw.ArrayRows * hw.ArrayCols;
        var blocks = new List<(string, ResourceVector)>
        {
            ("pe_array", pes * PeCosts.For(device.DspKind, precision, m)),
        };
        if (m > 1)
        {
            blocks.Add(("sparse_gen", hw.SparseGen.Lanes * BlockCosts.SparseGenLane(precision, options.Sparsity.N, m)));
        }
        blocks.Add(("vector", hw.Vector.Lanes * BlockCosts.VectorLane(device.DspKind)));
        blocks.Add(("controller", BlockCosts.Controller(device)));
        blocks.Add(("memory_channels", hw.Dram.Channels * BlockCosts.MemoryChannel(device)));
        blocks.Add(("shell", BlockCosts.Shell(device)));

        var mappings = PlaceBuffers(hw.Buffers, device, options);
        foreach (var map in mappings)
        {
            var use = map.Primitive == MemoryPrimitive.UltraRam ? new ResourceVector(0, 0, 0, 0, map.Blocks) : new ResourceVector(0, 0, 0, map.Blocks, 0);
            blocks.Add(($"buffer_{map.Buffer.ToString().ToLowerInvariant()}", use));
        }
        var total = blocks.Aggregate(ResourceVector.Zero, (a, b) => a + b.Item2);
        return new ResourceReport
        {
            Device = device,
            Precision = precision,
            Resources =
            [
                new ResourceUse("dsp", Up(total.Dsps), device.Dsps),
                new ResourceUse("lut", Up(total.Luts), device.Luts),
                new ResourceUse("ff", Up(total.Ffs), device.FlipFlops),
                new ResourceUse("bram", Up(total.BramBlocks), device.BramBlocks),
                new ResourceUse("uram", Up(total.UramBlocks), device.UramBlocks),
                new ResourceUse("dram_channels", hw.Dram.Channels, device.MemoryChannels),
            ],
            Blocks = blocks,
            Buffers = mappings,
            MaxUtilization = options.MaxUtilization,
        };
    }

    private static List<BufferMapping> PlaceBuffers(BufferSet buffers, FpgaDevice device, DesignOptions options)
    {
        var kinds = Enum.GetValues<BufferKind>().OrderByDescending(k => buffers.For(k).CapacityBytes).ThenBy(k => k).ToList();
        var uramLeft = (double)device.UramBlocks;
        var placed = new Dictionary<BufferKind, BufferMapping>();
        foreach (var kind in kinds)
        {
            var config = buffers.For(kind);
            var bram = BufferMapping.Map(kind, config, MemoryPrimitive.BlockRam, device);
            BufferMapping choice;
            if (options.BufferPrimitives.TryGetValue(kind, out var forced))
            {
                choice = forced == MemoryPrimitive.UltraRam ? BufferMapping.Map(kind, config, MemoryPrimitive.UltraRam, device) : bram;
            }
            else if (device.UramBlocks > 0)
            {
                var uram = BufferMapping.Map(kind, config, MemoryPrimitive.UltraRam, device);
                choice = uram.PhysicalBits <= bram.PhysicalBits && uram.Blocks <= uramLeft ? uram : bram;
            }
            else
            {
                choice = bram;
            }
            if (choice.Primitive == MemoryPrimitive.UltraRam)
            {
                uramLeft -= choice.Blocks;
            }
            placed[kind] = choice;
        }
        return Enum.GetValues<BufferKind>().Select(k => placed[k]).ToList();
    }

    private static long Up(double x) => (long)Math.Ceiling(x - 1e-9);
}
