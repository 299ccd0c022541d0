using Sim.Components.Config;
using Sim.Components.Cost;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.Reports;

namespace Sim.Components.Tests.Cost;

public class PowerModelTests
{
    private static readonly FpgaDevice Vu9p = DeviceCatalog.BuiltIn.Get("xcvu9p");

    private static SimulationReport Run(long cycles, long denseMacs = 0, long sparseMacs = 0, long dramBytes = 0, long inputBytesIn = 0) => new()
    {
        TotalCycles = cycles,
        ClockMHz = 200,
        DenseModeMacs = denseMacs,
        SparseModeMacs = sparseMacs,
        DramBytesRead = dramBytes,
        Buffers = [new BufferStats(BufferKind.Input, 1L << 20, 0, inputBytesIn, 0, 0, 0)],
    };

    [Fact]
    public void EachTermByHand()
    {
        var hw = HardwareConfig.Sat;
        var res = ResourceModel.Estimate(hw, Vu9p);
        // One second at 200 MHz.
        var p = PowerModel.Estimate(hw, res, Run(200_000_000, denseMacs: 1_000_000_000, sparseMacs: 500_000_000, dramBytes: 1_000_000_000, inputBytesIn: 8_000_000));
        Assert.Equal(1.0, p.Seconds, 12);
        // Static: 6 W device + 10 W board (catalog).
        Assert.Equal(16.0, p.StaticJ, 12);
        // DDR4 20 pJ/bit: 1e9 B x 8 x 20e-12.
        Assert.Equal(0.16, p.DramJ, 12);
        // Dense-mode MAC: 1 DSP op 1.0 pJ + (390 LUT x 0.05 + 584 FF x 0.02) x 0.125 = 4.8975 pJ;
        // sparse-mode MAC: 1.0 + (425 x 0.05 + 699 x 0.02) x 0.125 = 5.40375 pJ.
        Assert.Equal(1e9 * 4.8975e-12 + 5e8 * 5.40375e-12, p.PeArrayJ, 12);
        // Input buffer on UltraRAM, one block per 8-byte word: 1e6 writes x 12 pJ.
        Assert.Equal(1e6 * 12e-12, p.BufferJ, 12);
        // Clock tree: used FFs x 0.005 pJ + used RAM blocks of the buffers (96 URAM + 32 BRAM) x 0.05 pJ, per cycle.
        Assert.Equal(2e8 * (res["ff"].Used * 0.005 + 128 * 0.05) * 1e-12, p.ClockJ, 12);
        // Control logic: (90,000 LUT x 0.05 + 132,000 FF x 0.02) x 0.125 pJ per cycle.
        Assert.Equal(2e8 * (90_000 * 0.05 + 132_000 * 0.02) * 0.125 * 1e-12, p.ControlJ, 12);
        Assert.Equal(p.TotalJ, p.AverageW, 12);
    }

    [Fact]
    public void SevenSeriesScalesDynamicEnergyButNotStaticOrDram()
    {
        var hw = HardwareConfig.Sat;
        var vx = DeviceCatalog.BuiltIn.Get("xc7vx690t");
        var run = Run(200_000_000, denseMacs: 1_000_000_000, dramBytes: 1_000_000_000);
        var p = PowerModel.Estimate(hw, ResourceModel.Estimate(hw, vx), run);
        Assert.Equal(1.6 * 1e9 * 4.8975e-12, p.PeArrayJ, 12);
        Assert.Equal(1e9 * 8 * 30e-12, p.DramJ, 12);
        Assert.Equal(9.0, p.StaticJ, 12);
    }

    [Fact]
    public void PowerGrowsWithPeCountAndBufferSize()
    {
        var run = Run(100_000_000, denseMacs: 1_000_000_000);
        double Watts(HardwareConfig hw) => PowerModel.Estimate(hw, ResourceModel.Estimate(hw, Vu9p), run).AverageW;
        var baseline = Watts(HardwareConfig.Sat);
        Assert.True(Watts(HardwareConfig.Sat with { ArrayRows = 64, ArrayCols = 64 }) > baseline);
        Assert.True(Watts(HardwareConfig.Sat with { ArrayRows = 16, ArrayCols = 16 }) < baseline);
        var big = HardwareConfig.Sat.Buffers with { Input = new BufferConfig { CapacityBytes = 4L << 20 } };
        Assert.True(Watts(HardwareConfig.Sat with { Buffers = big }) > baseline);
    }

    [Fact]
    public void CoefficientsAreValidated()
    {
        Assert.Empty(PowerCoefficients.Default.Validate());
        Assert.Equal(["DspOpPj: must be a finite number >= 0 (got -1)", "ToggleRate: must be between 0 and 1 (got 2)"],
            new PowerCoefficients { DspOpPj = -1, ToggleRate = 2 }.Validate());
    }
}
