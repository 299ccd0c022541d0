using System.Text.Json;
using Sim.Cli.Output;
using Sim.Studies.Output;

namespace Sim.Cli.Tests.Commands;

public class RunCommandTests
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
        using var tmp = new TempDir();
        var scenario = tmp.Write("tiny.yaml", TinyTiming);
        var outDir = tmp.File("out");
        var (code, stdout, stderr) = CliRunner.Run("run", scenario, "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("bdwp 2:8", stdout);
        foreach (var f in new[] { "report.json", "layers.csv", "timeline.png", "timeline.trace.json", "roofline.png", "satsim.log" })
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
        using var tmp = new TempDir();
        var scenario = tmp.Write("tiny.yaml", TinyTiming);
        var outDir = tmp.File("out");
        var (code, stdout, stderr) = CliRunner.Run("run", scenario, "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("dense: ", stdout);
        Assert.Contains(" of cycles bound by ", stdout);
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
        using var tmp = new TempDir();
        var scenario = tmp.Write("tiny.yaml", TinyTiming);
        Assert.Equal(0, CliRunner.Run("run", scenario, "--out", tmp.File("a"), "--quiet").Code);
        Assert.Equal(0, CliRunner.Run("run", scenario, "--out", tmp.File("b"), "--quiet").Code);
        foreach (var f in new[] { "report.json", "layers.csv", "timeline.trace.json" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(tmp.File("a"), f)), File.ReadAllBytes(Path.Combine(tmp.File("b"), f)));
        }
    }

    [Fact]
    public void JsonModePrintsOneObjectWithTheHeadlineNumbers()
    {
        using var tmp = new TempDir();
        var scenario = tmp.Write("tiny.yaml", TinyTiming);
        var (code, stdout, _) = CliRunner.Run("run", scenario, "--out", tmp.File("o"), "--json");
        Assert.Equal(0, code);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var doc = JsonDocument.Parse(line);
        Assert.Equal(2, doc.RootElement.GetProperty("methods").GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("methods")[1].GetProperty("images_per_second").GetDouble() > 0);
    }

    [Fact]
    public void PlotRedrawsTheFiguresFromTheReport()
    {
        using var tmp = new TempDir();
        var scenario = tmp.Write("tiny.yaml", TinyTiming);
        var outDir = tmp.File("out");
        Assert.Equal(0, CliRunner.Run("run", scenario, "--out", outDir, "--quiet").Code);
        var png = Path.Combine(outDir, "timeline.png");
        var before = File.ReadAllBytes(png);
        File.Delete(png);
        var (code, stdout, _) = CliRunner.Run("plot", outDir);
        Assert.Equal(0, code);
        Assert.Contains("timeline.png", stdout);
        Assert.Equal(before, File.ReadAllBytes(png));
    }

    [Fact]
    public void ABadScenarioExitsOneWithLocatedErrorsAndWritesNothing()
    {
        using var tmp = new TempDir();
        var scenario = tmp.Write("bad.yaml", TinyTiming.Replace("batch: 4", "batch: 0", StringComparison.Ordinal).Replace("rows: 8", "rows: eight", StringComparison.Ordinal));
        var outDir = tmp.File("out");
        var (code, _, stderr) = CliRunner.Run("run", scenario, "--out", outDir);
        Assert.Equal(1, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{scenario}:3:18: hardware.array.rows: expected an integer", lines[0]);
        Assert.StartsWith($"{scenario}:7:10: workload.batch: 0 is out of range", lines[1]);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void AMissingScenarioExitsOneAndAMissingArgumentExitsTwo()
    {
        var (code, _, stderr) = CliRunner.Run("run", "/no/such/scenario.yaml");
        Assert.Equal(1, code);
        Assert.StartsWith("/no/such/scenario.yaml: file not found", stderr);
        Assert.Equal(2, CliRunner.Run("run").Code);
        Assert.Equal(2, CliRunner.Run("run", "x.yaml", "--bogus").Code);
    }

    [Fact]
    public void AFailedRunKeepsThePreviousReportAndLeavesNoPartialFiles()
    {
        using var tmp = new TempDir();
        var outDir = tmp.File("out");
        Assert.Equal(0, CliRunner.Run("run", tmp.Write("ok.yaml", TinyTiming), "--out", outDir, "--quiet").Code);
        var previous = File.ReadAllBytes(Path.Combine(outDir, "report.json"));
        // Buffers far too small for any LeNet-5 tile: the compiler or the hardware model must refuse.
        var broken = TinyTiming.Replace("  array: { rows: 8, cols: 8 }", """
              array: { rows: 8, cols: 8 }
              buffers:
                input: { capacity: 64, banks: 1 }
                weight: { capacity: 64, banks: 1 }
                output: { capacity: 64, banks: 1 }
            """.TrimEnd(), StringComparison.Ordinal);
        var (code, _, stderr) = CliRunner.Run("run", tmp.Write("broken.yaml", broken), "--out", outDir);
        Assert.Equal(1, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", stderr);
        Assert.Equal(previous, File.ReadAllBytes(Path.Combine(outDir, "report.json")));
        Assert.Empty(Directory.GetDirectories(outDir));
        Assert.DoesNotContain(Directory.GetFiles(outDir), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateListsEveryProblemOfEveryFile()
    {
        using var tmp = new TempDir();
        var good = tmp.Write("good.yaml", TinyTiming);
        var bad = tmp.Write("bad.yaml", "workload:\n  model: lenet5\n  dataset: timing-only\n  methods: [dense]\n  colour: red\n");
        var (code, stdout, stderr) = CliRunner.Run("validate", good, bad);
        Assert.Equal(1, code);
        Assert.Contains($"{good}: ok", stdout);
        Assert.StartsWith($"{bad}:5:3: workload: unknown key 'colour'", stderr);
        Assert.Equal(0, CliRunner.Run("validate", good).Code);
    }
}
