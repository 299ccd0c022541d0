using Sim.Studies.Sweeps;
using Sim.Components.Config;

namespace Sim.Studies.Tests.Sweeps;

public class SimulatorSweepEvaluatorTests
{
    private static SweepPoint Point(string yaml) => PointExpansion.Expand(SweepSpecLoader.Parse(yaml, "p.yaml"))[0];

    [Fact]
    public void AxesOverrideTheBaseHardwareAndNothingElse()
    {
        var point = Point("""
            workload: {model: lenet5, batch: 2, method: bdwp, nm: "1:4"}
            grid: {pe_rows: 8, pe_cols: 16, input_buffer_kib: 256, weight_buffer_kib: 512, output_buffer_kib: 128, dram_channels: 3, dram_bandwidth_gbps: 12.8}
            """);
        var evaluator = new SimulatorSweepEvaluator(HardwareConfig.Sat);
        var hw = evaluator.HardwareFor(point);
        Assert.Equal((8, 16), (hw.ArrayRows, hw.ArrayCols));
        Assert.Equal((256L * 1024, 512L * 1024, 128L * 1024), (hw.Buffers.Input.CapacityBytes, hw.Buffers.Weight.CapacityBytes, hw.Buffers.Output.CapacityBytes));
        Assert.Equal(HardwareConfig.Sat.Buffers.Index, hw.Buffers.Index);
        Assert.Equal((3, 12.8), (hw.Dram.Channels, hw.Dram.GBpsPerChannel));
        Assert.Equal(HardwareConfig.Sat with { ArrayRows = 8, ArrayCols = 16, Buffers = hw.Buffers, Dram = hw.Dram }, hw);
        var request = SimulatorSweepEvaluator.RequestFor(point);
        Assert.Equal("lenet5 b2 bdwp 1:4", request.ToString());
    }

    [Fact]
    public void RealSimulationMetricsAreConsistent()
    {
        var point = Point("workload: {model: lenet5, batch: 2, method: dense}\ngrid: {pe_rows: 8, pe_cols: 8}");
        var m = new SimulatorSweepEvaluator(HardwareConfig.Sat).Evaluate(point, default);
        Assert.Equal(64, m.PeCount);
        var b = HardwareConfig.Sat.Buffers;
        Assert.Equal(b.Input.CapacityBytes + b.Weight.CapacityBytes + b.Output.CapacityBytes + b.Index.CapacityBytes, m.OnChipBufferBytes);
        Assert.Equal(m.Cycles / 200e6, m.Seconds, 12);               // 200 MHz default clock
        Assert.Equal(2 / m.Seconds, m.ImagesPerSecond, 9);
        Assert.Equal(m.EffectiveGops, m.DenseEquivalentGops, 9);     // dense: every MAC is effective
        Assert.True(m.EffectiveGops <= 2 * 64 * 0.2 + 1e-9);           // never above the 8x8 array's peak: 2 ops x 64 PEs x 0.2 GHz
    }
}
