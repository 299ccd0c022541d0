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

    /// <summary>
    /// A USER bandwidth must be physical for the semantics that runs it: SatSim's DRAM range (0.001 to 100,000 GB/s at
    /// 200 MHz: 0.005 to 500,000 one-byte words per cycle; 1e-300 gave a negative delay), SCALE-Sim's whole words
    /// from 1 to 2^31-1. Refused before any report folder is made, naming the cfg file, line 12 and the key.
    /// </summary>
    [Theory]
    [InlineData("1e-300", true, "Bandwidth: 1E-300 words per cycle is 2E-301 GB/s at SatSim's 200 MHz clock; expected 0.005 to 500000 words per cycle (dram.gbps_per_channel's range, 0.001 to 100000 GB/s)")]
    [InlineData("0.004", true, "Bandwidth: 0.004 words per cycle is 0.0008 GB/s")]
    [InlineData("1e9", true, "Bandwidth: 1E+09 words per cycle is 2E+08 GB/s")]
    [InlineData("0.5", false, "Bandwidth: SCALE-Sim reads a whole number of words per cycle from 1 to 2147483647, got 0.5 (only --satsim accepts fractions)")]
    [InlineData("3e9", false, "Bandwidth: SCALE-Sim reads a whole number of words per cycle from 1 to 2147483647, got 3000000000")]
    public void AnUnphysicalUserBandwidthIsRefusedAtItsKey(string bandwidth, bool satsim, string expected)
    {
        var cfg = Path.Combine(_dir, "bw.cfg");
        File.WriteAllText(cfg, File.ReadAllText(Path.Combine(_dir, "a.cfg")).Replace("Bandwidth: 10", "Bandwidth: " + bandwidth, StringComparison.Ordinal));
        var outDir = Path.Combine(_dir, "bw-out");
        string[] args = ["topo", "--config", cfg, "--topology", Path.Combine(_dir, "g.csv"), "--out", outDir, "--quiet", .. satsim ? new[] { "--satsim" } : []];
        var (code, _, err) = Run(args);
        Assert.Equal(1, code);
        Assert.StartsWith($"{cfg}:12:1: {expected}", err.TrimEnd());
        Assert.DoesNotContain('\n', err.TrimEnd());
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void TheSmallestPhysicalBandwidthRunsWithPositiveCycles()
    {
        var cfg = Path.Combine(_dir, "slow.cfg");
        File.WriteAllText(cfg, File.ReadAllText(Path.Combine(_dir, "a.cfg")).Replace("Bandwidth: 10", "Bandwidth: 0.005", StringComparison.Ordinal));
        var outDir = Path.Combine(_dir, "slow-out");
        var (code, _, err) = Run("topo", "--config", cfg, "--topology", Path.Combine(_dir, "g.csv"), "--out", outDir, "--satsim", "--quiet");
        Assert.True(code == CliApp.Ok, err);
        var cycles = long.Parse(File.ReadAllLines(Path.Combine(outDir, "COMPUTE_REPORT.csv"))[1].Split(',')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        // At least the layer's operand bytes (128x64 + 64x128 one-byte words) at 0.005 words per cycle.
        Assert.True(cycles >= (128 * 64 + 64 * 128) / 0.005, cycles.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
