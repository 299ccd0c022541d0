using System.Text.Json;
using Sim.Studies.Output;

namespace Sim.Studies.Tests.Cosim;

/// <summary>A timing-only co-simulation through the library: every report file, the bound attribution, determinism.</summary>
public class CoSimulationTests
{
    // Small enough to simulate in well under a second: LeNet-5 at batch 4 on an 8x8 array.
    private const string TinyTiming = """
        name: tiny
        hardware:
          array: { rows: 8, cols: 8 }
        workload:
          model: lenet5
          dataset: timing-only
          batch: 4
          methods: [dense, bdwp]
          nm: "2:8"
          iterations: 3
        outputs: { timeline_bins: 40 }
        """;

    [Fact]
    public void ATimingOnlyRunWritesEveryReportFile()
    {
        using var tmp = new TempDirectory();
        var outDir = tmp.Sub("out");
        StudyRun.Run(TinyTiming, tmp.Sub("tiny.yaml"), outDir);
        foreach (var f in new[] { "report.json", "layers.csv", "timeline.png", "timeline.trace.json", "roofline.png" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        }
        Assert.False(File.Exists(Path.Combine(outDir, "accuracy.svg")), "timing only has no accuracy");
        Assert.Empty(Directory.GetDirectories(outDir));

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var root = report.RootElement;
        Assert.Equal("satsim-run-report", root.GetProperty("format").GetString());
        Assert.Equal(TinyTiming, root.GetProperty("inputs").GetProperty("scenario_text").GetString());
        Assert.Equal(8, root.GetProperty("hardware").GetProperty("array").GetProperty("rows").GetInt32());
        Assert.True(root.GetProperty("versions").GetProperty("satsim").GetString()!.Length > 0);
        var methods = root.GetProperty("methods");
        Assert.Equal(2, methods.GetArrayLength());
        var dense = methods[0];
        var bdwp = methods[1];
        Assert.Equal("dense", dense.GetProperty("label").GetString());
        Assert.Equal(3, dense.GetProperty("iterations").GetInt64());
        Assert.Equal(12, dense.GetProperty("images").GetInt64());
        // Three identical iterations: one simulated, two reused, and the totals are exactly three times one.
        Assert.Equal(1, dense.GetProperty("reuse").GetProperty("distinct_streams_simulated").GetInt64());
        Assert.Equal(2, dense.GetProperty("reuse").GetProperty("iterations_reused").GetInt64());
        var cycles = dense.GetProperty("cycles_per_iteration").GetInt64();
        Assert.Equal(3 * cycles / 200e6, dense.GetProperty("simulated_seconds").GetDouble(), 12);
        Assert.Equal(12 / dense.GetProperty("simulated_seconds").GetDouble(), dense.GetProperty("images_per_second").GetDouble(), 6);
        Assert.Equal(1.0, dense.GetProperty("speedup_vs_dense").GetDouble());
        // BDWP executes fewer MACs than dense for the same model and batch.
        Assert.True(bdwp.GetProperty("effective_macs_per_iteration").GetInt64() < dense.GetProperty("effective_macs_per_iteration").GetInt64());
        Assert.Equal(dense.GetProperty("dense_macs_per_iteration").GetInt64(), bdwp.GetProperty("dense_macs_per_iteration").GetInt64());

        var csv = File.ReadAllLines(Path.Combine(outDir, "layers.csv"));
        Assert.Equal(LayersCsv.Header, csv[0]);
        Assert.Contains(csv, l => l.StartsWith("dense,", StringComparison.Ordinal) && l.Contains(",fp,", StringComparison.Ordinal));
        Assert.Contains(csv, l => l.StartsWith("bdwp 2:8,", StringComparison.Ordinal) && l.Contains(",bp,", StringComparison.Ordinal));

        using var trace = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "timeline.trace.json")));
        Assert.True(trace.RootElement.GetProperty("traceEvents").GetArrayLength() > 0);
    }

    [Fact]
    public void EveryRowNamesItsBoundAndTheAttributionAddsUpToTheIteration()
    {
        using var tmp = new TempDirectory();
        var outDir = tmp.Sub("out");
        StudyRun.Run(TinyTiming, tmp.Sub("tiny.yaml"), outDir);
        Assert.True(File.Exists(Path.Combine(outDir, "roofline.png")));

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var names = new[] { "compute", "input_bandwidth", "weight_bandwidth", "index_bandwidth", "dram", "vector", "sparse_gen", "dependence" };
        var cyclesOf = new Dictionary<string, long>();
        foreach (var m in report.RootElement.GetProperty("methods").EnumerateArray())
        {
            var cycles = m.GetProperty("cycles_per_iteration").GetInt64();
            var bounds = m.GetProperty("bound_cycles");
            Assert.Equal(names, bounds.EnumerateObject().Select(p => p.Name));
            Assert.Equal(cycles, bounds.EnumerateObject().Sum(p => p.Value.GetInt64()));
            Assert.Equal(cycles, m.GetProperty("stage_bound_cycles").EnumerateObject().Sum(s => s.Value.EnumerateObject().Sum(p => p.Value.GetInt64())));
            cyclesOf[m.GetProperty("label").GetString()!] = cycles;
        }

        // layers.csv recomputed independently: dependence = active - largest alone term; bound = largest, or dependence.
        var csv = File.ReadAllLines(Path.Combine(outDir, "layers.csv"));
        var col = csv[0].Split(',').Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        var critical = new Dictionary<string, long>();
        foreach (var line in csv.Skip(1))
        {
            var f = line.Split(',');
            long L(string name) => long.Parse(f[col[name]], System.Globalization.CultureInfo.InvariantCulture);
            var alone = names[..^1].Select(n => (n, v: L(n + "_alone_cycles"))).ToList();
            var largest = alone.First(a => a.v == alone.Max(x => x.v));
            var active = L("active_cycles");
            Assert.InRange(active, 0, L("span_cycles"));
            Assert.Equal(Math.Max(0, active - largest.v), L("dependence_cycles"));
            Assert.Equal(L("dependence_cycles") > largest.v ? "dependence" : largest.n, f[col["bound"]]);
            Assert.Equal(L("vector_cycles"), L("vector_alone_cycles"));
            Assert.Equal(L("sparse_gen_cycles"), L("sparse_gen_alone_cycles"));
            // No resource needs more than the row's active cycles (a cycle of rounding aside).
            Assert.All(alone, a => Assert.True(a.v <= active + 1, $"{line}: {a.n} alone {a.v} > active {active}"));
            critical[f[0]] = critical.GetValueOrDefault(f[0]) + L("critical_cycles");
        }
        Assert.Equal(cyclesOf, critical);

        // Roofline points sit under the compute and DRAM roofs of the configured hardware.
        var roof = report.RootElement.GetProperty("roofline");
        var peak = roof.GetProperty("peak_ops_per_second").GetDouble();
        Assert.Equal(2.0 * 8 * 8 * 200e6, peak, 6);
        Assert.Equal(19.2e9, roof.GetProperty("dram_bytes_per_second").GetDouble(), 3);
        var points = roof.GetProperty("points").EnumerateArray().ToList();
        Assert.NotEmpty(points);
        Assert.Contains(points, p => p.GetProperty("sparse").GetBoolean());
        foreach (var p in points)
        {
            var ops = p.GetProperty("ops").GetDouble();
            var seconds = p.GetProperty("seconds").GetDouble();
            Assert.True(ops / seconds <= peak * (1 + 1e-9), $"{p}: above the compute roof");
            Assert.True(p.GetProperty("dram_bytes").GetInt64() / seconds <= 19.2e9 * (1 + 1e-6) + 1 / seconds * 96, $"{p}: above the DRAM roof");
        }
    }

    [Fact]
    public void TheSameScenarioGivesByteIdenticalReports()
    {
        using var tmp = new TempDirectory();
        StudyRun.Run(TinyTiming, tmp.Sub("tiny.yaml"), tmp.Sub("a"));
        StudyRun.Run(TinyTiming, tmp.Sub("tiny.yaml"), tmp.Sub("b"));
        foreach (var f in new[] { "report.json", "layers.csv", "timeline.trace.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(tmp.Sub("a"), f)), File.ReadAllBytes(Path.Combine(tmp.Sub("b"), f)));
        }
    }
}
