using Sim.Cli;

namespace Sim.Cli.Tests.Commands;

public sealed class TopoCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "satsim-topo-" + Guid.NewGuid().ToString("N"));

    public TopoCommandTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "a.cfg"), string.Join('\n',
            "[general]", "run_name = t", "[architecture_presets]", "ArrayHeight: 32", "ArrayWidth: 32", "IfmapSramSzkB: 64",
            "FilterSramSzkB: 64", "OfmapSramSzkB: 64", "IfmapOffset: 0", "FilterOffset: 10000000", "OfmapOffset: 20000000",
            "Bandwidth: 10", "Dataflow: ws", "MemoryBanks: 1", "[run_presets]", "InterfaceBandwidth: USER") + "\n");
        File.WriteAllText(Path.Combine(_dir, "g.csv"), "Layer,M,N,K,\nG0,128,128,64,\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void WritesTheThreeScaleSimReports()
    {
        var outDir = Path.Combine(_dir, "out");
        var (code, _, err) = Run("topo", "--config", Path.Combine(_dir, "a.cfg"), "--topology", Path.Combine(_dir, "g.csv"), "--out", outDir, "--quiet");
        Assert.True(code == CliApp.Ok, err);
        var compute = File.ReadAllLines(Path.Combine(outDir, "COMPUTE_REPORT.csv"));
        Assert.Equal("LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,", compute[0]);
        Assert.StartsWith("0, 1775, 0, ", compute[1], StringComparison.Ordinal);
        Assert.StartsWith("LayerID, Avg IFMAP SRAM BW", File.ReadAllLines(Path.Combine(outDir, "BANDWIDTH_REPORT.csv"))[0], StringComparison.Ordinal);
        Assert.StartsWith("LayerID, SRAM IFMAP Start Cycle", File.ReadAllLines(Path.Combine(outDir, "DETAILED_ACCESS_REPORT.csv"))[0], StringComparison.Ordinal);
        var own = Run("topo", "--config", Path.Combine(_dir, "a.cfg"), "--topology", Path.Combine(_dir, "g.csv"), "--out", Path.Combine(_dir, "own"), "--satsim", "--quiet");
        Assert.Equal(CliApp.Ok, own.Code);
        Assert.True(File.Exists(Path.Combine(_dir, "own", "COMPUTE_REPORT.csv")));
    }

    [Fact]
    public void BadConfigIsOneLineWithFileLineAndKey()
    {
        var bad = Path.Combine(_dir, "bad.cfg");
        File.WriteAllText(bad, File.ReadAllText(Path.Combine(_dir, "a.cfg")).Replace("Dataflow: ws", "Dataflow: diagonal", StringComparison.Ordinal));
        var (code, _, err) = Run("topo", "--config", bad, "--topology", Path.Combine(_dir, "g.csv"), "--out", Path.Combine(_dir, "o"));
        Assert.Equal(CliApp.InputError, code);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"{bad}:13:1: Dataflow: expected os, ws or is, got 'diagonal'", line.TrimEnd('\r'));
        Assert.False(Directory.Exists(Path.Combine(_dir, "o")));
    }

    [Fact]
    public void MissingTopologyFileIsAnInputError()
    {
        var (code, _, err) = Run("topo", "--config", Path.Combine(_dir, "a.cfg"), "--topology", Path.Combine(_dir, "none.csv"), "--out", Path.Combine(_dir, "o"));
        Assert.Equal(CliApp.InputError, code);
        Assert.Contains("none.csv", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownSparseRepresentationIsOneLine()
    {
        var bad = Path.Combine(_dir, "s.cfg");
        File.WriteAllText(bad, File.ReadAllText(Path.Combine(_dir, "a.cfg")) + "[sparsity]\nSparsitySupport: true\nSparseRep: coo\nOptimizedMapping: false\n");
        var (code, _, err) = Run("topo", "--config", bad, "--topology", Path.Combine(_dir, "g.csv"), "--out", Path.Combine(_dir, "s"));
        Assert.Equal(CliApp.InputError, code);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"{bad}:19:1: SparseRep: expected ellpack_block, csr or csc, got 'coo'", line.TrimEnd('\r'));
        Assert.False(Directory.Exists(Path.Combine(_dir, "s")));
    }

    [Fact]
    public void DramStreamsRejectsAnUnknownStreamAsUsage()
    {
        var (code, _, err) = Run("dram-streams", "--out", Path.Combine(_dir, "d"), "--stream", "nope");
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("unknown stream 'nope'", err.Split('\n')[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "d")));
    }
}
