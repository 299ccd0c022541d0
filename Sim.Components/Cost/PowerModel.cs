using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.Reports;

namespace Sim.Components.Cost;

/// <summary>
/// Power and energy that respond to the design and to what it did: static power of the device and board (catalog);
/// a clock tree that grows with the flip-flops and RAM blocks the design uses; per MAC the DSP operation and the PE's
/// LUT/flip-flop toggles (sparse-mode MACs also toggle the M-to-1 selection); per buffer word the port accesses of the
/// blocks the buffer maps to; per vector and sorter element their lane's logic; the always-on control logic; and the
/// board memory's energy per bit (catalog). The flat <see cref="EnergyTable"/> of the simulator stays the default of a
/// run without a device, and an explicit override.
/// </summary>
public static class PowerModel
{
    public static PowerReport Estimate(HardwareConfig hw, ResourceReport resources, SimulationReport run, DesignOptions? options = null, PowerCoefficients? coefficients = null)
    {
        options ??= DesignOptions.Default;
        var c = coefficients ?? PowerCoefficients.Default;
        var device = resources.Device;
        var scale = device.EnergyScale * 1e-12;
        var cycles = (double)run.TotalCycles;
        var seconds = run.Seconds;
        var toggle = c.ToggleRate;
        double Logic(ResourceVector v) => v.Luts * c.LutTogglePj * toggle + v.Ffs * c.FfTogglePj * toggle;

        var m = options.Sparsity.IsDense ? 1 : options.Sparsity.M;
        var denseModePe = PeCosts.For(device.DspKind, resources.Precision, 1);
        var sparseModePe = PeCosts.For(device.DspKind, resources.Precision, m);
        // A dense-mode MAC leaves the activation selection idle; a sparse-mode MAC toggles it too.
        var peJ = (run.DenseModeMacs * (denseModePe.Dsps * c.DspOpPj + Logic(denseModePe))
            + run.SparseModeMacs * (sparseModePe.Dsps * c.DspOpPj + Logic(sparseModePe))) * scale;

        var ramBlocks = resources.Buffers.Sum(b => b.Blocks);
        var ffs = resources["ff"].Used;
        var clockJ = cycles * (ffs * c.ClockPjPerFfCycle + ramBlocks * c.ClockPjPerRamBlockCycle) * scale;

        double bufferPj = 0;
        foreach (var stats in run.Buffers)
        {
            var map = resources.Buffers.First(b => b.Buffer == stats.Kind);
            var width = hw.Buffers.For(stats.Kind).BankWidthBytes;
            var perAccess = map.BlocksPerWordAccess * AccessPj(map.Primitive, device, c) + (map.DepthBlocks - 1) * c.CascadePjPerBlock;
            var readWords = Math.Ceiling((double)(stats.ComputeReadBytes + stats.BytesOut) / width);
            var writeWords = Math.Ceiling((double)(stats.ComputeWriteBytes + stats.BytesIn) / width);
            // A write goes to every copy of a multi-ported bank.
            bufferPj += readWords * perAccess + writeWords * perAccess * map.Copies;
        }

        var vectorLane = BlockCosts.VectorLane(device.DspKind);
        var vectorJ = run.VectorElements * (vectorLane.Dsps * c.DspOpPj + Logic(vectorLane)) * scale;
        var sorterJ = m > 1
            ? run.SparseGenElements * Logic(BlockCosts.SparseGenLane(resources.Precision, options.Sparsity.N, m)) * scale
            : 0;
        var control = BlockCosts.Controller(device) + hw.Dram.Channels * BlockCosts.MemoryChannel(device) + BlockCosts.Shell(device);
        var controlJ = cycles * Logic(control) * scale;
        var dramJ = (run.DramBytesRead + run.DramBytesWritten) * 8.0 * device.MemoryPjPerBit * 1e-12;

        return new PowerReport
        {
            Seconds = seconds,
            StaticJ = (device.FpgaStaticW + device.BoardStaticW) * seconds,
            ClockJ = clockJ,
            PeArrayJ = peJ,
            BufferJ = bufferPj * scale,
            DramJ = dramJ,
            VectorJ = vectorJ,
            SparseGenJ = sorterJ,
            ControlJ = controlJ,
        };
    }

    /// <summary>Energy of one port access of one block of a primitive (16 nm).</summary>
    public static double AccessPj(MemoryPrimitive primitive, FpgaDevice device, PowerCoefficients c) => primitive switch
    {
        MemoryPrimitive.UltraRam => c.UramAccessPj,
        _ => device.BramKind == BlockRamKind.M20K ? c.M20KAccessPj : c.Bram36AccessPj,
    };
}
