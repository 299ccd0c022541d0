using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Tests.Config;

public class HardwareConfigTests
{
    [Fact]
    public void SatDefaultsMatchReference()
    {
        var c = HardwareConfig.Sat;
        Assert.Empty(c.Validate());
        Assert.Equal(32, c.ArrayRows);
        Assert.Equal(32, c.ArrayCols);
        Assert.Equal(200.0, c.ClockMHz);
        Assert.Equal(1, c.Dram.Channels);
        Assert.Equal(19.2, c.Dram.GBpsPerChannel);
        Assert.Equal(2, c.OperandBytes);
        Assert.Equal(4, c.MasterBytes);
        Assert.Equal(32, c.SparseGen.Lanes);
        Assert.True(c.Optimizations.Interleave && c.Optimizations.PreGeneration && c.Optimizations.OfflineScheduling);
    }

    [Fact]
    public void DramBytesPerCycleIsBandwidthOverClock()
    {
        // 19.2 GB/s at 200 MHz = 19.2e9 / 200e6 = 96 bytes per cycle.
        Assert.Equal(96.0, HardwareConfig.Sat.Dram.BytesPerCycle(200), 9);
        var two = HardwareConfig.Sat.Dram with { Channels = 4 };
        Assert.Equal(384.0, two.BytesPerCycle(200), 9);
    }

    [Fact]
    public void CycleConversions()
    {
        var c = HardwareConfig.Sat;
        Assert.Equal(5.0, c.CycleNs, 12);
        Assert.Equal(20, c.NsToCycles(100));
        Assert.Equal(3, c.NsToCycles(13.32));
        Assert.Equal(1e-3, c.Seconds(200_000), 12);
    }

    [Fact]
    public void ValidateNamesEveryBadField()
    {
        var bad = HardwareConfig.Sat with
        {
            ArrayRows = 0,
            ClockMHz = double.NaN,
            Dram = HardwareConfig.Sat.Dram with { GBpsPerChannel = -1, Ddr4 = new Ddr4Timing { TBurstNs = 0 } },
            Buffers = HardwareConfig.Sat.Buffers.With(BufferKind.Weight, new BufferConfig { CapacityBytes = 0 }),
            Vector = HardwareConfig.Sat.Vector with { Costs = new Dictionary<string, VectorOpCost> { ["relu"] = new(0, 1) } },
            Energy = HardwareConfig.Sat.Energy with { DramPjPerByte = -5 },
        };
        // One problem per bad value, named by its scenario key path, in the schema's order, with value and range.
        Assert.Equal(
        [
            "clock_mhz: NaN is out of range; expected a number from 1 to 10000 (MHz)",
            "array.rows: 0 is out of range; expected an integer from 1 to 4096 (PEs)",
            "buffers.weight.capacity: 0 is out of range; expected a size in bytes from 1 to 1024GiB (e.g. 65536 or 64KiB)",
            "dram.gbps_per_channel: -1 is out of range; expected a number from 0.001 to 100000 (GB/s)",
            "dram.ddr4.tburst_ns: 0 is out of range; expected a number from 0.01 to 1000 (ns)",
            "vector.costs.relu.cycles_per_element: 0 is out of range; expected a number from 0.000001 to 1000000 (cycles)",
            "energy.dram_pj_per_byte: -5 is out of range; expected a number from 0 to 1000000 (pJ/byte)",
        ], bad.Validate());
        var ex = Assert.Throws<InvalidConfigException>(() => bad.EnsureValid());
        Assert.Equal(7, ex.Problems.Count);
    }

    [Fact]
    public void BufferDerivedFigures()
    {
        var b = HardwareConfig.Sat.Buffers.Input;
        Assert.Equal(256, b.ReadBytesPerCycle);
        Assert.Equal(512L * 1024, b.TileCapacityBytes);
        Assert.Equal(1L << 20, (b with { DoubleBuffered = false }).TileCapacityBytes);
        Assert.Same(HardwareConfig.Sat.Buffers.Index, HardwareConfig.Sat.Buffers.For(BufferKind.Index));
    }

    [Fact]
    public void RecordsCompareByValue()
    {
        Assert.Equal(new HardwareConfig(), HardwareConfig.Sat);
        Assert.NotEqual(HardwareConfig.Sat, HardwareConfig.Sat with { Optimizations = DataflowOptimizations.None });
    }
}
