using Sim.Components.Config;
using Sim.Studies.Errors;
using Sim.Studies.Sweeps;

namespace Sim.Studies.Tests.Sweeps;

/// <summary>Any hardware parameter is a sweep axis by its scenario key path, typed and range-checked by its declaration.</summary>
public sealed class KeyPathAxisTests
{
    private static SweepSpec Parse(string grid) => SweepSpecLoader.Parse($$"""
        workload: {model: lenet5, batch: 2, method: dense}
        grid:
        {{grid}}
        """, "s.yaml");

    private static string ErrorOf(string grid) => Assert.Throws<SatSimInputException>(() => Parse(grid)).Message;

    [Fact]
    public void KeyPathAxesSetTheirParameterAndComeAfterTheNamedAxesInSchemaOrder()
    {
        var spec = Parse("""
              optimizations.interleave: [true, false]
              buffers.input.capacity: [64KiB, 1MiB]
              pe_rows: [16]
              dram.ddr4.banks: [8]
            """);
        Assert.Equal(["model", "batch", "method", "pe_rows", "buffers.input.capacity", "dram.ddr4.banks", "optimizations.interleave"], spec.Axes.Select(a => a.Axis.Name));
        Assert.Equal(["65536", "1048576"], spec.ValuesOf(SweepAxis.ForParameter("buffers.input.capacity")!));
        var points = PointExpansion.Expand(spec);
        Assert.Equal(4, points.Count);
        Assert.Equal("model=lenet5;batch=2;method=dense;pe_rows=16;buffers.input.capacity=65536;dram.ddr4.banks=8;optimizations.interleave=true", points[0].Key);

        var evaluator = new SimulatorSweepEvaluator(HardwareConfig.Sat);
        var hw = evaluator.HardwareFor(points[1]);
        // The same design written by hand (an absent optional block is switched on with its defaults).
        var expected = HardwareConfig.Sat with
        {
            ArrayRows = 16,
            Buffers = HardwareConfig.Sat.Buffers with { Input = HardwareConfig.Sat.Buffers.Input with { CapacityBytes = 64 * 1024 } },
            Dram = HardwareConfig.Sat.Dram with { Ddr4 = new Ddr4Timing { Banks = 8 } },
            Optimizations = HardwareConfig.Sat.Optimizations with { Interleave = false },
        };
        Assert.Equal(expected, hw);
    }

    [Fact]
    public void NamedAxesKeepTheirScale()
    {
        var points = PointExpansion.Expand(Parse("  input_buffer_kib: [256]\n  dram_bandwidth_gbps: [12.8]\n"));
        var hw = new SimulatorSweepEvaluator(HardwareConfig.Sat).HardwareFor(points[0]);
        Assert.Equal(256 * 1024, hw.Buffers.Input.CapacityBytes);
        Assert.Equal(12.8, hw.Dram.GBpsPerChannel);
        Assert.Equal("model=lenet5;batch=2;method=dense;input_buffer_kib=256;dram_bandwidth_gbps=12.8", points[0].Key);
    }

    [Fact]
    public void AnUnknownPathIsOneLineWithADidYouMean()
    {
        var message = ErrorOf("  buffers.input.bank: [16]\n");
        Assert.Single(message.Split('\n'));
        Assert.StartsWith("s.yaml:3:3: unknown key 'grid.buffers.input.bank'; expected one of pe_rows,", message);
        Assert.EndsWith("(did you mean 'buffers.input.banks'?)", message);
    }

    [Theory]
    [InlineData("  array.rows: [5000]\n", "s.yaml:3:16: grid.array.rows: 5000 is out of range; expected an integer from 1 to 4096 (PEs)")]
    [InlineData("  dram.latency_ns: [-1]\n", "s.yaml:3:21: grid.dram.latency_ns: -1 is out of range; expected a number from 0 to 1000000 (ns)")]
    [InlineData("  pe_rows: [5000]\n", "grid.pe_rows: 5000 is out of range; expected an integer from 1 to 4096 (PEs)")]
    [InlineData("  input_buffer_kib: [2000000000]\n", "grid.input_buffer_kib: 2000000000 x 1024 is out of range; expected a size in bytes from 1 to 1024GiB")]
    [InlineData("  array.cols: { from: 1024, to: 8192, factor: 2 }\n", "grid.array.cols: 8192 is out of range; expected an integer from 1 to 4096 (PEs)")]
    [InlineData("  buffers.index.capacity: [lots]\n", "'grid.buffers.index.capacity' is 'lots'; expected a size in bytes from 1 to 1024GiB")]
    [InlineData("  optimizations.pre_generation: [maybe]\n", "'grid.optimizations.pre_generation' is 'maybe'; expected true or false")]
    public void ValuesOutsideTheDeclaredRangeAreRejected(string grid, string expected) => Assert.Contains(expected, ErrorOf(grid));

    [Fact]
    public void ANamedAxisAndItsPathCannotBothBeSwept() =>
        Assert.Contains("'grid.array.rows' sets array.rows, as 'grid.pe_rows' does", ErrorOf("  pe_rows: [16]\n  array.rows: [32]\n"));

    [Fact]
    public void WorkloadKeysAreNotHardwarePaths() =>
        Assert.Contains("unknown key 'workload.array.rows'", Assert.Throws<SatSimInputException>(() => SweepSpecLoader.Parse("""
            workload: {model: lenet5, batch: 2, method: dense, array.rows: 8}
            """, "s.yaml")).Message);
}
