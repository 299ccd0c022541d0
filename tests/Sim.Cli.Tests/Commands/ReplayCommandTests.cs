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

    private const string Header = "{\"format\":\"satsim-trace\",\"version\":1,\"model\":\"x\",\"method\":\"dense\",\"nm\":\"dense\",\"batch\":1,\"hardware_hash\":\"0\"}\n";

    private static string Trace(params string[] ops) =>
        Header + string.Concat(ops.Select(o => o + "\n")) + $"{{\"end\":true,\"operations\":{ops.Length}}}\n";

    /// <summary>
    /// Sizes a trace can hold but no 64-bit count can: each is refused at its line, naming the field, by both
    /// 'trace --read' (no hardware) or 'replay' (on the hardware: the operation's cycles or output bytes); none
    /// is an unlocated overflow or a wrapped number, and no report is written.
    /// </summary>
    [Theory]
    [InlineData("{\"id\":0,\"kind\":\"gemm\",\"layer\":\"l\",\"stage\":\"fp\",\"m\":2147483647,\"n\":2147483647,\"k\":2147483647}", 2, true, "gemm \"m\" x \"n\" x \"k\" = 2147483647 x 2147483647 x 2147483647 is 9.9E+27 multiply-accumulates")]
    [InlineData("{\"id\":0,\"kind\":\"store\",\"layer\":\"l\",\"stage\":\"fp\",\"buffer\":\"output\",\"bytes\":9000000000000000000}", 2, true, "\"bytes\" is 9000000000000000000; expected at most 2^56")]
    [InlineData("{\"id\":0,\"kind\":\"vector\",\"layer\":\"l\",\"stage\":\"fp\",\"vop\":\"relu\",\"elements\":9000000000000000000}", 2, true, "\"elements\" is 9000000000000000000; expected at most 2^56")]
    [InlineData("{\"id\":0,\"kind\":\"gemm\",\"layer\":\"l\",\"stage\":\"fp\",\"m\":2147483647,\"n\":2147483647,\"k\":1,\"acc\":true}", 2, false, "operation 0 (Gemm, layer 'l', FP) needs 18446744056529682436 bytes in the Output buffer")]
    [InlineData("{\"id\":0,\"kind\":\"gemm\",\"layer\":\"l\",\"stage\":\"fp\",\"m\":1,\"n\":1,\"k\":2147483647}\n{\"id\":1,\"kind\":\"gemm\",\"layer\":\"l\",\"stage\":\"fp\",\"m\":1,\"n\":1,\"k\":2147483647}", 3, false, "")]
    [InlineData("{\"id\":0,\"kind\":\"store\",\"layer\":\"l\",\"stage\":\"fp\",\"buffer\":\"output\",\"bytes\":72057594037927936}", 2, false, "")]
    public void SizesBeyond64BitCountsAreALocatedErrorOrARightResult(string ops, int line, bool refusedByReader, string expected)
    {
        using var tmp = new TempDir();
        var trace = tmp.Write("t.jsonl", Trace(ops.Split('\n')));
        var (code, _, stderr) = CliRunner.Run("trace", "--read", trace, "--quiet");
        Assert.Equal(refusedByReader ? 1 : 0, code);
        if (refusedByReader)
        {
            Assert.StartsWith($"{trace}:{line}:1: {expected}", Assert.Single(stderr.TrimEnd().Split('\n')));
        }
        var outDir = tmp.File("o");
        (code, _, stderr) = CliRunner.Run("replay", trace, "--out", outDir, "--quiet");
        if (expected.Length == 0)
        {
            // Largest sizes that are accepted: simulated to a result (2^31-deep reductions, 64 PiB through one channel).
            Assert.True(code == 0, stderr);
            Assert.True(File.Exists(Path.Combine(outDir, "report.json")));
            return;
        }
        Assert.Equal(1, code);
        var error = Assert.Single(stderr.TrimEnd().Split('\n'), l => !l.StartsWith("[WRN]", StringComparison.Ordinal));
        Assert.StartsWith($"{trace}:{line}:1: {expected}", error);
        Assert.DoesNotContain("Overflow", stderr);
        Assert.False(File.Exists(Path.Combine(outDir, "report.json")));
    }

    [Fact]
    public void ATraceBatchBeyondInt32IsALocatedError()
    {
        using var tmp = new TempDir();
        var trace = tmp.Write("t.jsonl", Header.Replace("\"batch\":1", "\"batch\":99999999999", StringComparison.Ordinal) + "{\"end\":true,\"operations\":0}\n");
        var (code, _, stderr) = CliRunner.Run("trace", "--read", trace);
        Assert.Equal(1, code);
        Assert.Equal($"{trace}:1:1: \"batch\" is 99999999999; expected an integer from 1 to 2147483647", stderr.TrimEnd());
    }

    [Fact]
    public void AnOperationLongerThanTheSimulatedClockIsRefusedAtItsLine()
    {
        using var tmp = new TempDir();
        // 2^56 bytes at 10^-4 bytes per cycle (1 MB/s at 10 GHz): 7.2e20 cycles, beyond the 2^60 one operation may take.
        var hw = tmp.Write("hw.yaml", "hardware:\n  clock_mhz: 10000\n  dram: { gbps_per_channel: 0.001 }\n");
        var trace = tmp.Write("t.jsonl", Trace("{\"id\":0,\"kind\":\"store\",\"layer\":\"l\",\"stage\":\"fp\",\"buffer\":\"output\",\"bytes\":72057594037927936}"));
        var (code, _, stderr) = CliRunner.Run("replay", trace, "--config", hw, "--out", tmp.File("o"), "--quiet");
        Assert.Equal(1, code);
        Assert.Equal($"{trace}:2:1: operation 0 (Store, layer 'l', FP): Bytes=72057594037927936 at 0.0001 bytes per cycle takes about 7.21E+20 cycles, more than the 1.15E+18 one operation may take; expected smaller tiles", stderr.TrimEnd());
    }

    [Theory]
    [InlineData("\"method\":\"dense\"", "\"method\":\"bogus\"", 1, "\"method\" is 'bogus'; expected dense, srste or bdwp")]
    [InlineData("\"nm\":\"dense\"", "\"nm\":\"9:3\"", 1, "\"nm\": ")]
    [InlineData("\"model\":\"x\"", "\"model\":\"x\\u001b[2J\"", 1, "\"model\" is 'x\\e[2J'; expected a name without control characters")]
    [InlineData("\"layer\":\"l\"", "\"layer\":\"\\u001b[31m\"", 2, "\"layer\" is '\\e[31m'; expected a name without control characters")]
    public void AHeaderOrNameThatReportsCannotShowIsALocatedError(string field, string hostile, int line, string expected)
    {
        using var tmp = new TempDir();
        var trace = tmp.Write("t.jsonl", Trace("{\"id\":0,\"kind\":\"load\",\"layer\":\"l\",\"stage\":\"fp\",\"buffer\":\"input\",\"bytes\":1}").Replace(field, hostile, StringComparison.Ordinal));
        foreach (var args in new[] { new[] { "trace", "--read", trace }, ["replay", trace, "--out", tmp.File("o")] })
        {
            var (code, _, stderr) = CliRunner.Run([.. args, "--quiet"]);
            Assert.Equal(1, code);
            Assert.StartsWith($"{trace}:{line}:1: {expected}", Assert.Single(stderr.TrimEnd().Split('\n')));
        }
        Assert.False(Directory.Exists(tmp.File("o")) && File.Exists(Path.Combine(tmp.File("o"), "layers.csv")));
    }
}
