using Sim.Studies.Errors;
using Sim.Studies.Scenarios;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;

namespace Sim.Studies.Tests.Scenarios;

public class ScenarioLoaderTests
{
    private static IReadOnlyList<string> ErrorsOf(string yaml, string file = "s.yaml")
    {
        var e = Assert.Throws<SatSimInputException>(() => ScenarioLoader.Parse(yaml, file));
        return e.Errors.Select(x => x.ToString()).ToArray();
    }

    private const string Minimal = """
        workload:
          model: lenet5
          dataset: timing-only
          methods: [dense, bdwp]
        """;

    [Fact]
    public void AMinimalScenarioTakesSatDefaults()
    {
        var s = ScenarioLoader.Parse(Minimal, "dir/minimal.yaml");
        Assert.Equal("minimal", s.Name);
        Assert.Equal(HardwareConfig.Sat, s.Hardware);
        Assert.Equal([TrainingMethod.Dense, TrainingMethod.Bdwp], s.Workload.Methods);
        Assert.True(s.Workload.IsTimingOnly);
        Assert.Equal(1, s.Workload.Iterations);
        Assert.Null(s.Workload.Epochs);
        Assert.Equal(new NmPattern(2, 8), s.Workload.Nm);
    }

    [Fact]
    public void EveryHardwareKeyMapsOntoHardwareConfig()
    {
        var s = ScenarioLoader.Parse("""
            name: full
            hardware:
              clock_mhz: 250
              array: { rows: 16, cols: 64 }
              operand_bytes: 2
              buffers:
                input: { capacity: 512KiB, banks: 16, double_buffered: false }
                index: { capacity: 65536 }
              dram: { channels: 4, gbps_per_channel: 19.2, latency_ns: 80, ddr4: { banks: 8 } }
              sparse_gen: { lanes: 16 }
              vector: { lanes: 64, costs: { relu: { cycles_per_element: 0.5, latency: 1 } } }
              optimizations: { interleave: false, pre_generation: true, offline_scheduling: false }
              energy: { dense_mac_pj: 2.5, static_power_w: 15 }
            workload:
              model: resnet18-cifar
              dataset: timing-only
              methods: bdwp
              nm: 1:4
              batch: 128
            outputs: { timeline_bins: 50, chrome_trace: false }
            """, "full.yaml");
        var h = s.Hardware;
        Assert.Equal(250, h.ClockMHz);
        Assert.Equal((16, 64), (h.ArrayRows, h.ArrayCols));
        Assert.Equal(512 * 1024, h.Buffers.Input.CapacityBytes);
        Assert.Equal(16, h.Buffers.Input.Banks);
        Assert.False(h.Buffers.Input.DoubleBuffered);
        Assert.Equal(65536, h.Buffers.Index.CapacityBytes);
        Assert.Equal(HardwareConfig.Sat.Buffers.Weight, h.Buffers.Weight);
        Assert.Equal(4, h.Dram.Channels);
        Assert.Equal(80, h.Dram.LatencyNs);
        Assert.Equal(8, h.Dram.Ddr4!.Banks);
        Assert.Equal(16, h.SparseGen.Lanes);
        Assert.Equal(64, h.Vector.Lanes);
        Assert.Equal(new VectorOpCost(0.5, 1), h.Vector.CostOf("relu"));
        Assert.Equal(VectorConfig.DefaultCosts["bn_fwd"], h.Vector.CostOf("bn_fwd"));
        Assert.Equal(new DataflowOptimizations { Interleave = false, OfflineScheduling = false }, h.Optimizations);
        Assert.Equal(2.5, h.Energy.DenseMacPj);
        Assert.Equal(15, h.Energy.StaticPowerW);
        Assert.Equal(new EnergyTable().DramPjPerByte, h.Energy.DramPjPerByte);
        Assert.Equal([TrainingMethod.Bdwp], s.Workload.Methods);
        Assert.Equal(new NmPattern(1, 4), s.Workload.Nm);
        Assert.Equal(128, s.Workload.Batch);
        Assert.Equal(50, s.Outputs.TimelineBins);
        Assert.False(s.Outputs.ChromeTrace);
        Assert.True(s.Outputs.Timeline);
    }

    [Fact]
    public void AnUnknownKeyIsLocatedAndASpellingIsSuggested()
    {
        var errors = ErrorsOf("""
            workload:
              model: lenet5
              dataset: timing-only
              methods: [dense]
              bach: 32
            """);
        var e = Assert.Single(errors);
        Assert.StartsWith("s.yaml:5:3: workload: unknown key 'bach'; expected one of: model, dataset,", e);
        Assert.EndsWith("(did you mean 'batch'?)", e);
    }

    [Fact]
    public void AWrongTypeNamesTheExpectedForm()
    {
        var e = Assert.Single(ErrorsOf(Minimal + "\n  batch: sixty-four\n"));
        Assert.Equal("s.yaml:5:10: workload.batch: expected an integer from 1 to 65536, got 'sixty-four'", e);
    }

    [Fact]
    public void AValueOutOfRangeIsLocated()
    {
        var e = Assert.Single(ErrorsOf("hardware:\n  array: { rows: 0, cols: 32 }\n" + Minimal));
        Assert.Equal("s.yaml:2:18: hardware.array.rows: 0 is out of range; expected an integer from 1 to 4096 (PEs)", e);
    }

    [Fact]
    public void EveryErrorOfAFileIsListedAtOnceInDocumentOrder()
    {
        var errors = ErrorsOf("""
            hardware:
              clock_mhz: -5
              dram: { channels: two }
            workload:
              model: lenet6
              dataset: timing-only
              methods: [dense, sparse]
              nm: "8:2"
            colour: blue
            """);
        Assert.Equal(6, errors.Count);
        Assert.StartsWith("s.yaml:9:1: document: unknown key 'colour'", errors[0]);
        Assert.StartsWith("s.yaml:2:14: hardware.clock_mhz: -5 is out of range; expected a number from 1 to 10000 (MHz)", errors[1]);
        Assert.StartsWith("s.yaml:3:21: hardware.dram.channels: expected an integer from 1 to 64, got 'two'", errors[2]);
        Assert.StartsWith("s.yaml:5:10: workload.model: 'lenet6' is not allowed; expected one of: mlp, lenet5,", errors[3]);
        Assert.Contains("(did you mean 'lenet5'?)", errors[3]);
        Assert.StartsWith("s.yaml:7:20: workload.methods: 'sparse' is not allowed; expected one of: dense, srste, bdwp", errors[4]);
        Assert.StartsWith("s.yaml:8:7: workload.nm: '8:2' is not a sparse N:M pattern; expected N:M with 1 <= N < M <= 64", errors[5]);
    }

    [Fact]
    public void AMissingHardwareFileIsLocatedAtItsReference()
    {
        var e = Assert.Single(ErrorsOf("hardware: no-such-board.yaml\n" + Minimal, "/tmp/s.yaml"));
        Assert.StartsWith("/tmp/s.yaml:1:11: hardware: file 'no-such-board.yaml' not found", e);
    }

    [Fact]
    public void AMissingDataDirectoryIsAnError()
    {
        var e = Assert.Single(ErrorsOf("""
            workload:
              model: lenet5
              dataset: mnist
              data_dir: /no/such/dir
              methods: [dense]
            """));
        Assert.StartsWith("s.yaml:4:13: workload.data_dir: directory '/no/such/dir' not found", e);
    }

    [Fact]
    public void CrossFieldHardwareProblemsPointAtTheField()
    {
        // HardwareConfig requires a capacity that is a multiple of the bank count.
        var e = Assert.Single(ErrorsOf("hardware:\n  buffers:\n    weight: { capacity: 1000, banks: 32 }\n" + Minimal));
        Assert.Equal("s.yaml:3:25: hardware.buffers.weight.capacity: must be a multiple of banks=32 (got 1000)", e);
    }

    [Fact]
    public void RequiredKeysAreNamedWithTheirExpectedForm()
    {
        var errors = ErrorsOf("workload:\n  batch: 8\n");
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("s.yaml:2:3: workload.model: missing; expected one of: mlp,", errors[0]);
        Assert.StartsWith("s.yaml:2:3: workload.dataset: missing", errors[1]);
        Assert.StartsWith("s.yaml:2:3: workload.methods: missing", errors[2]);
        Assert.StartsWith("s.yaml:1:1: workload: missing", Assert.Single(ErrorsOf("name: x\n")));
    }

    [Fact]
    public void EpochsAndIterationsExcludeEachOther()
    {
        var errors = ErrorsOf("""
            workload:
              model: lenet5
              dataset: mnist
              methods: [dense]
              epochs: 2
              iterations: 100
            """);
        Assert.Equal("s.yaml:6:15: workload.iterations: give either epochs or iterations, not both", Assert.Single(errors));
        var timing = ErrorsOf(Minimal + "\n  epochs: 3\n");
        Assert.StartsWith("s.yaml:5:11: workload.epochs: a timing-only scenario has no data set", Assert.Single(timing));
    }

    [Fact]
    public void SyntaxErrorsAreLocated()
    {
        var e = Assert.Single(ErrorsOf("workload:\n  model: [lenet5\n  batch: 3\n"));
        Assert.Matches(@"^s\.yaml:\d+:\d+: YAML syntax error: ", e);
    }

    [Fact]
    public void ANonMappingDocumentIsRejected()
    {
        Assert.StartsWith("s.yaml:1:1: document: expected a mapping with keys name, description, hardware, workload, outputs, got a list",
            Assert.Single(ErrorsOf("- a\n- b\n")));
        Assert.StartsWith("s.yaml:1:1: the file is empty", Assert.Single(ErrorsOf("")));
    }

    [Fact]
    public void DuplicateMethodsAreRejected()
    {
        var e = Assert.Single(ErrorsOf(Minimal.Replace("[dense, bdwp]", "[bdwp, BDWP]", StringComparison.Ordinal)));
        Assert.StartsWith("s.yaml:4:19: workload.methods: 'bdwp' is listed twice", e);
    }

    [Theory]
    [InlineData("1048576", 1048576)]
    [InlineData("512KiB", 524288)]
    [InlineData("1.5 MiB", 1572864)]
    [InlineData("2GiB", 2147483648)]
    [InlineData("64KB", 64000)]
    [InlineData("1_024", 1024)]
    public void SizesAcceptBinaryAndDecimalUnits(string text, long expected)
    {
        Assert.True(YamlSection.TryParseBytes(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("12 parsecs")]
    [InlineData("0.3B")]
    [InlineData("MiB")]
    [InlineData("-4KiB")]
    public void BadSizesAreRejected(string text)
    {
        Assert.False(YamlSection.TryParseBytes(text, out _));
    }

    [Fact]
    public void AStandAloneHardwareFileLoadsWithOrWithoutTheHardwareKey()
    {
        var dir = Directory.CreateTempSubdirectory("satsim-hw-").FullName;
        try
        {
            var a = Path.Combine(dir, "a.yaml");
            var b = Path.Combine(dir, "b.yaml");
            File.WriteAllText(a, "hardware:\n  array: { rows: 8, cols: 8 }\n");
            File.WriteAllText(b, "array: { rows: 8, cols: 8 }\nenergy: e.yaml\n");
            File.WriteAllText(Path.Combine(dir, "e.yaml"), "dram_pj_per_byte: 99\n");
            Assert.Equal(8, HardwareYaml.LoadFile(a).ArrayRows);
            var hb = HardwareYaml.LoadFile(b);
            Assert.Equal(8, hb.ArrayCols);
            Assert.Equal(99, hb.Energy.DramPjPerByte);
            var missing = Assert.Throws<SatSimInputException>(() => HardwareYaml.LoadFile(Path.Combine(dir, "none.yaml")));
            Assert.Contains("file not found", missing.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
