namespace Sim.Studies.Tests.Cosim;

/// <summary>Co-simulation with the functional engine training: accuracy placed on the simulated clock, determinism, and the timing of a trained iteration.</summary>
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
        using var tmp = new TempDirectory();
        var outDir = tmp.Sub("out");
        StudyRun.Run(Synthetic, tmp.Sub("s.yaml"), outDir);
        Assert.True(File.Exists(Path.Combine(outDir, "accuracy.svg")));
        using var doc = StudyRun.Report(outDir);
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
        using var tmp = new TempDirectory();
        var s = Synthetic.Replace("epochs: 2", "epochs: 1", StringComparison.Ordinal);
        StudyRun.Run(s, tmp.Sub("s.yaml"), tmp.Sub("a"));
        StudyRun.Run(s, tmp.Sub("s.yaml"), tmp.Sub("b"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(tmp.Sub("a"), "report.json")), File.ReadAllBytes(Path.Combine(tmp.Sub("b"), "report.json")));
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
        using var tmp = new TempDirectory();
        StudyRun.Run(trained, tmp.Sub("t.yaml"), tmp.Sub("t"));
        StudyRun.Run(timingOnly, tmp.Sub("c.yaml"), tmp.Sub("c"));
        using var t = StudyRun.Report(tmp.Sub("t"));
        using var c = StudyRun.Report(tmp.Sub("c"));
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
