using System.Text.Json;

namespace Sim.Cli.Tests.Commands;

public class CoSimulationTrainingTests
{
    // Real training on generated data (no network): 256 images in batches of 32, 2 epochs, dense vs BDWP 2:8.
    private const string Synthetic = """
        name: synthetic
        hardware:
          array: { rows: 8, cols: 8 }
        workload:
          model: lenet5
          dataset: synthetic
          batch: 32
          methods: [dense, bdwp]
          nm: "2:8"
          epochs: 2
          train_samples: 256
          test_samples: 128
          optimizer: { lr: 0.02, warmup_iterations: 0 }
          seed: 3
        """;

    [Fact]
    public void TrainingPlacesAccuracyOnTheSimulatedClock()
    {
        using var tmp = new TempDir();
        var outDir = tmp.File("out");
        var (code, stdout, stderr) = CliRunner.Run("run", tmp.Write("s.yaml", Synthetic), "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(outDir, "accuracy.svg")));
        Assert.Contains("%", stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var all = doc.RootElement.GetProperty("methods").EnumerateArray().ToArray();
        var target = doc.RootElement.GetProperty("target_accuracy").GetDouble();
        Assert.Equal(all.Min(m => m.GetProperty("final_accuracy").GetDouble()), target);
        foreach (var m in all)
        {
            var reached = m.GetProperty("accuracy").EnumerateArray().First(p => p.GetProperty("accuracy").GetDouble() >= target);
            Assert.Equal(reached.GetProperty("simulated_seconds").GetDouble(), m.GetProperty("time_to_target_seconds").GetDouble());
        }
        foreach (var m in doc.RootElement.GetProperty("methods").EnumerateArray())
        {
            // 256 / 32 = 8 full iterations per epoch, 2 epochs: one stream simulated, 15 reused.
            Assert.Equal(16, m.GetProperty("iterations").GetInt64());
            Assert.Equal(512, m.GetProperty("images").GetInt64());
            Assert.Equal(1, m.GetProperty("reuse").GetProperty("distinct_streams_simulated").GetInt64());
            Assert.Equal(15, m.GetProperty("reuse").GetProperty("iterations_reused").GetInt64());
            var cycles = m.GetProperty("cycles_per_iteration").GetInt64();
            var points = m.GetProperty("accuracy").EnumerateArray().ToArray();
            Assert.Equal(2, points.Length);
            // Accuracy after epoch e is placed at 8e iterations of simulated time.
            Assert.Equal(8, points[0].GetProperty("iteration").GetInt64());
            Assert.Equal(8 * cycles / 200e6, points[0].GetProperty("simulated_seconds").GetDouble(), 12);
            Assert.Equal(16 * cycles / 200e6, points[1].GetProperty("simulated_seconds").GetDouble(), 12);
            Assert.InRange(points[1].GetProperty("accuracy").GetDouble(), 0, 1);
            Assert.Equal(points[1].GetProperty("accuracy").GetDouble(), m.GetProperty("final_accuracy").GetDouble());
        }
    }

    [Fact]
    public void TrainingIsDeterministic()
    {
        using var tmp = new TempDir();
        var s = tmp.Write("s.yaml", Synthetic.Replace("epochs: 2", "epochs: 1", StringComparison.Ordinal));
        Assert.Equal(0, CliRunner.Run("run", s, "--out", tmp.File("a"), "--quiet").Code);
        Assert.Equal(0, CliRunner.Run("run", s, "--out", tmp.File("b"), "--quiet").Code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(tmp.File("a"), "report.json")), File.ReadAllBytes(Path.Combine(tmp.File("b"), "report.json")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EachTrainedIterationIsTimedLikeTheCompilersLoweringOfIt(bool preGeneration)
    {
        // The engine records exactly the compiler's lowering, so a trained iteration and a timing-only iteration of
        // the same model, batch, method and hardware take the same cycles, with and without pre-generation.
        var flag = preGeneration ? "true" : "false";
        var trained = Synthetic.Replace("array: { rows: 8, cols: 8 }", $"array: {{ rows: 8, cols: 8 }}\n  optimizations: {{ pre_generation: {flag} }}", StringComparison.Ordinal)
            .Replace("epochs: 2", "epochs: 1", StringComparison.Ordinal).Replace("train_samples: 256", "train_samples: 64", StringComparison.Ordinal)
            .Replace("test_samples: 128", "test_samples: 32", StringComparison.Ordinal);
        var timingOnly = trained.Replace("dataset: synthetic", "dataset: timing-only", StringComparison.Ordinal).Replace("epochs: 1", "iterations: 1", StringComparison.Ordinal)
            .Replace("  train_samples: 64\n", "", StringComparison.Ordinal).Replace("  test_samples: 32\n", "", StringComparison.Ordinal);
        using var tmp = new TempDir();
        var a = CliRunner.Run("run", tmp.Write("t.yaml", trained), "--out", tmp.File("t"), "--quiet");
        Assert.True(a.Code == 0, a.Err);
        var b = CliRunner.Run("run", tmp.Write("c.yaml", timingOnly), "--out", tmp.File("c"), "--quiet");
        Assert.True(b.Code == 0, b.Err);
        using var t = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.File("t"), "report.json")));
        using var c = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.File("c"), "report.json")));
        for (var i = 0; i < 2; i++)
        {
            var tm = t.RootElement.GetProperty("methods")[i];
            var cm = c.RootElement.GetProperty("methods")[i];
            Assert.Equal(cm.GetProperty("cycles_per_iteration").GetInt64(), tm.GetProperty("cycles_per_iteration").GetInt64());
            Assert.Equal(cm.GetProperty("dram_bytes_per_iteration").GetInt64(), tm.GetProperty("dram_bytes_per_iteration").GetInt64());
            Assert.Equal(2 * cm.GetProperty("cycles_per_iteration").GetInt64() / 200e6, tm.GetProperty("simulated_seconds").GetDouble(), 12);
        }
        var notes = t.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToArray();
        Assert.Contains(notes, n => n.StartsWith("bdwp 2:8: timing of each distinct iteration", StringComparison.Ordinal) && n.Contains("which equal (field by field, in order)", StringComparison.Ordinal));
        Assert.DoesNotContain(notes, n => n.Contains("NOT identical", StringComparison.Ordinal));
    }
}
