using System.Text.Json;

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
    public void RunPrintsEachMethodWithItsBoundAndWritesItsLog()
    {
        // What the report holds is checked through the library (Sim.Studies.Tests, CoSimulationTests); here the
        // command's own part: the console summary and satsim.log beside the report.
        using var tmp = new TempDir();
        var outDir = tmp.File("out");
        var (code, stdout, stderr) = CliRunner.Run("run", tmp.Write("tiny.yaml", TinyTiming), "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("bdwp 2:8", stdout);
        Assert.Contains("dense: ", stdout);
        Assert.Contains(" of cycles bound by ", stdout);
        Assert.True(File.Exists(Path.Combine(outDir, "satsim.log")));
        Assert.True(File.Exists(Path.Combine(outDir, "report.json")));
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

    [Fact]
    public void RunWritesNothingOutsideItsFolderForAnEscapingName()
    {
        using var dir = new TempDir();
        const string workload = "workload: { model: mlp, dataset: timing-only, methods: [dense], batch: 2 }\n";
        var file = dir.Write("deep/er/s.yaml", "name: ../../../escaped\n" + workload);
        var (code, _, err) = CliRunner.Run("validate", file);
        Assert.Equal(1, code);
        var (runCode, _, runErr) = CliRunner.Run("run", file, "-q");
        Assert.Equal(1, runCode);
        Assert.Equal(err.Split('\n')[0], runErr.Split('\n')[0]); // validate and run apply the same checks
        Assert.False(Directory.Exists(dir.File("escaped")));
    }
}
