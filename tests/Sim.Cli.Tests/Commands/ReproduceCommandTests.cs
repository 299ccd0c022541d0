using System.Text.Json;

namespace Sim.Cli.Tests.Commands;

/// <summary><c>satsim reproduce</c> and <c>satsim compare</c>: the files and JSON they write, and their usage errors.</summary>
public class ReproduceCommandTests
{
    [Fact]
    public void ReducedReproductionWritesReportFiguresAndJson()
    {
        using var temp = new TempDir();
        var output = new StringWriter();
        var code = CliApp.Run(["reproduce", "--out", temp.Path, "--reduced", "--json", "--jobs", "2"], output, new StringWriter());
        Assert.Equal(CliApp.Ok, code);

        using var json = JsonDocument.Parse(output.ToString());
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["lenet5", "resnet9"], models.Select(m => m.GetProperty("model").GetString()));
        var simulated = models.Select(m => m.GetProperty("simulated_speedup").GetDouble()).ToList();
        Assert.Equal(simulated.Average(), json.RootElement.GetProperty("average_simulated_speedup").GetDouble(), 12);
        foreach (var m in models)
        {
            // BDWP 2:8 can at most remove 3/4 of FP and BP work and none of WG: ideal <= 2x (docs/sat.md, derived).
            var ideal = m.GetProperty("ideal_speedup").GetDouble();
            Assert.InRange(ideal, 1.0, 2.0 + 1e-9);
        }

        var md = File.ReadAllText(temp.File("reproduction.md"));
        Assert.Contains("## Speedup of BDWP 2:8 over dense training", md);
        Assert.Contains("## Ablation of the dataflow optimizations", md);
        Assert.Contains("| lenet5 | pre-generation off |", md);
        Assert.Contains("## Comparison with published FPGA training accelerators", md);
        // Accuracy: trained with the functional engine when MNIST is in the data directory, else skipped with the reason.
        Assert.Contains("## Accuracy", md);
        var accuracy = json.RootElement.GetProperty("accuracy");
        if (accuracy.GetProperty("skipped").ValueKind == JsonValueKind.Null)
        {
            var rows = accuracy.GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(7, rows.Count); // dense + SR-STE and BDWP at 2:4, 2:8, 1:8
            Assert.Contains("| mnist | lenet5 | BDWP 2:8 |", md);
            var dense = rows[0].GetProperty("test_accuracy").GetDouble();
            Assert.All(rows.Skip(1), row => Assert.Equal((dense - row.GetProperty("test_accuracy").GetDouble()) * 100, row.GetProperty("gap_points").GetDouble(), 9));
        }
        else
        {
            Assert.Contains("Skipped: mnist", md);
        }
        foreach (var png in new[] { "speedup.png", "ablation.png", "sensitivity-array.png", "sensitivity-dram-channels.png", "sensitivity-buffers.png", "compare.png" })
        {
            Assert.True(File.Exists(temp.File("reproduction/" + png)), png);
            Assert.Contains($"(reproduction/{png})", md);
        }
        Assert.True(File.Exists(temp.File("reproduction/reproduction.json")));
    }

    [Fact]
    public void CompareRatiosAreTheDesignOverTheBaselineFigures()
    {
        var output = new StringWriter();
        var code = CliApp.Run(["compare", "--model", "lenet5", "--batch", "4", "--json"], output, new StringWriter());
        Assert.Equal(CliApp.Ok, code);
        using var json = JsonDocument.Parse(output.ToString());
        var gops = json.RootElement.GetProperty("design").GetProperty("effective_gops").GetDouble();
        var rows = json.RootElement.GetProperty("baselines").EnumerateArray().ToList();
        Assert.Equal(4, rows.Count);
        // ETA / ResNet-18: 811.24 GOPS (TNNLS 2023); SAT row: no absolute figure, skipped.
        Assert.Equal(gops / 811.24, rows[2].GetProperty("throughput_ratio").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, rows[3].GetProperty("throughput_ratio").ValueKind);
        Assert.Equal("reports no absolute figures", rows[3].GetProperty("skipped").GetString());
    }

    [Fact]
    public void CompareRejectsUnknownModelAsUsageError()
    {
        var error = new StringWriter();
        Assert.Equal(CliApp.UsageError, CliApp.Run(["compare", "--model", "alexnet"], new StringWriter(), error));
        Assert.StartsWith("satsim compare: --model: 'alexnet' is not a zoo model", error.ToString());
    }
}
