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

    [Fact]
    public void DevicesOfOneDesignShareOneSimulationAndGetTheSameMetrics()
    {
        // Two devices of one design: one simulation, and each point's metrics equal those of a fresh evaluator that
        // simulates it alone (the device prices the design, it does not time it).
        var points = PointExpansion.Expand(SweepSpecLoader.Parse("workload: {model: lenet5, batch: 2, method: bdwp, nm: \"2:8\"}\ngrid: {pe_rows: 8, pe_cols: 8, device: [xcvu9p, xcu250]}", "p.yaml"));
        Assert.Equal(2, points.Count);
        var shared = new SimulatorSweepEvaluator(HardwareConfig.Sat);
        var both = points.Select(p => shared.Evaluate(p, default)).ToList();
        Assert.Equal(1, shared.Simulations);
        for (var i = 0; i < points.Count; i++)
        {
            var alone = new SimulatorSweepEvaluator(HardwareConfig.Sat);
            Assert.Equal(alone.Evaluate(points[i], default), both[i]);
            Assert.Equal(1, alone.Simulations);
        }
        Assert.NotEqual(both[0].Cost!.Device, both[1].Cost!.Device);
        Assert.Equal(both[0].Cycles, both[1].Cycles);
    }
}
