using System.Text.Json;
using Sim.Studies.Cosim;
using Sim.Studies.Output;
using Sim.Studies.Scenarios;

namespace Sim.Studies.Tests.Scenarios;

/// <summary>report.json's hardware section is a hardware file: passed back, it reproduces the run's cycles.</summary>
public class HardwareRoundTripTests : IDisposable
{
    // Every block away from SAT's defaults, so a key the report dropped or misnamed would change the cycles.
    private const string Hardware = """
        hardware:
          clock_mhz: 250
          array: { rows: 16, cols: 8 }
          operand_bytes: 1
          accumulator_bytes: 2
          buffers:
            input: { capacity: 256KiB, banks: 16 }
            weight: { capacity: 512KiB, read_ports: 2 }
            index: { capacity: 64KiB, double_buffered: false }
          dram: { channels: 2, gbps_per_channel: 12.8, latency_ns: 80, ddr4: { banks: 8, trcd_ns: 15 } }
          sparse_gen: { lanes: 8, pipeline_latency: 6 }
          vector: { lanes: 16, default_cost: { cycles_per_element: 1.5, latency: 5 }, costs: { relu: { cycles_per_element: 2, latency: 3 } } }
          optimizations: { interleave: false, pre_generation: false }
          energy: { dram_pj_per_byte: 100, static_power_w: 15 }
        """;

    private const string Workload = """
        workload:
          model: lenet5
          dataset: timing-only
          batch: 4
          methods: [dense, bdwp]
          nm: "2:8"
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("satsim-hw-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void HardwareSectionSavedAsAFileReproducesTheCycles()
    {
        var first = Run("name: first\n" + Hardware + "\n" + Workload, "first.yaml");
        var section = first.GetProperty("hardware");
        // Exactly the keys a scenario's hardware section accepts, nothing derived.
        // (device is written only when one is set; this scenario has none).
        Assert.Equal(HardwareYaml.Keys.Where(k => k != "device").Order(StringComparer.Ordinal), section.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(16, section.GetProperty("array").GetProperty("rows").GetInt32());
        Assert.Equal(256 * 1024, section.GetProperty("buffers").GetProperty("input").GetProperty("capacity").GetInt64());
        Assert.Equal(12.8, section.GetProperty("dram").GetProperty("gbps_per_channel").GetDouble());

        File.WriteAllText(Path.Combine(_dir, "saved-hardware.json"), section.GetRawText());
        var second = Run("name: second\nhardware: saved-hardware.json\n" + Workload, "second.yaml");
        var defaults = Run("name: defaults\n" + Workload, "defaults.yaml");
        var cycles = Cycles(first);
        Assert.Equal(cycles, Cycles(second));
        Assert.NotEqual(cycles, Cycles(defaults)); // the hardware mattered, so equal cycles are no accident
        Assert.Equal(section.GetRawText(), second.GetProperty("hardware").GetRawText());
    }

    private JsonElement Run(string text, string file)
    {
        var scenario = ScenarioLoader.Parse(text, Path.Combine(_dir, file));
        var result = new CoSimulation(scenario, Serilog.Core.Logger.None).Run(new NoProgress());
        return JsonDocument.Parse(Json.Serialize(result.Report, indented: true)).RootElement.Clone();
    }

    private static long[] Cycles(JsonElement report) =>
        report.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("cycles_per_iteration").GetInt64()).ToArray();

    private sealed class NoProgress : IProgressSink
    {
        public void Advance(double amount = 1)
        {
        }

        public void Describe(string text)
        {
        }
    }
}
