using System.Text.Json;

namespace Sim.Cli.Tests.Commands;

public class ReplayCommandTests
{
    private const string Hardware = "hardware:\n  array: { rows: 8, cols: 8 }\n";

    private static long CyclesOf(string reportPath, int method)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(reportPath));
        return doc.RootElement.GetProperty("methods")[method].GetProperty("cycles_per_iteration").GetInt64();
    }

    [Fact]
    public void ReplayingATraceTimesItExactlyAsRunDoes()
    {
        using var tmp = new TempDir();
        var hw = tmp.Write("hw.yaml", Hardware);
        var trace = tmp.File("lenet.jsonl");
        var (tcode, _, terr) = CliRunner.Run("trace", "--model", "lenet5", "--batch", "4", "--method", "bdwp", "--nm", "2:8", "--hardware", hw, "--out", trace, "--quiet");
        Assert.True(tcode == 0, terr);

        var replayDir = tmp.File("replay");
        var (code, stdout, stderr) = CliRunner.Run("replay", trace, "--config", hw, "--out", replayDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("bdwp 2:8", stdout);
        foreach (var f in new[] { "report.json", "layers.csv", "timeline.png", "timeline.trace.json" })
        {
            Assert.True(File.Exists(Path.Combine(replayDir, f)), f);
        }

        var scenario = tmp.Write("s.yaml", Hardware + "workload:\n  model: lenet5\n  dataset: timing-only\n  batch: 4\n  methods: [bdwp]\n  nm: \"2:8\"\n");
        Assert.Equal(0, CliRunner.Run("run", scenario, "--out", tmp.File("run"), "--quiet").Code);
        Assert.Equal(CyclesOf(Path.Combine(tmp.File("run"), "report.json"), 0), CyclesOf(Path.Combine(replayDir, "report.json"), 0));
    }

    [Fact]
    public void ATruncatedTraceIsALocatedInputError()
    {
        using var tmp = new TempDir();
        var trace = tmp.File("t.jsonl");
        Assert.Equal(0, CliRunner.Run("trace", "--model", "lenet5", "--batch", "2", "--method", "dense", "--out", trace, "--quiet").Code);
        var lines = File.ReadAllLines(trace);
        File.WriteAllLines(trace, lines[..(lines.Length / 2)]);
        var (code, _, stderr) = CliRunner.Run("replay", trace, "--out", tmp.File("o"));
        Assert.Equal(1, code);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(trace)}:\\d+:1: ", stderr);
        Assert.False(File.Exists(Path.Combine(tmp.File("o"), "report.json")));
    }

    [Fact]
    public void AMissingTraceOrConfigIsAnInputError()
    {
        using var tmp = new TempDir();
        var (code, _, stderr) = CliRunner.Run("replay", tmp.File("none.jsonl"));
        Assert.Equal(1, code);
        Assert.Contains("none.jsonl: file not found", stderr);
        var trace = tmp.Write("t.jsonl", "{}\n");
        (code, _, stderr) = CliRunner.Run("replay", trace, "--config", tmp.File("nohw.yaml"));
        Assert.Equal(1, code);
        Assert.Contains("nohw.yaml: file not found", stderr);
    }
}
