using System.Diagnostics;
using Sim.Training.Data;

namespace Sim.Cli.Tests.Commands;

/// <summary>
/// A cluster job has no terminal: every long-running command, run as a process with stdout and stderr redirected and
/// SATSIM_PROGRESS_SECONDS=0 (a line at every step), writes plain "progress:" lines to stderr, and to satsim.log
/// where the command keeps one. Before, topo, trace and compare wrote none, and a single long step wrote nothing
/// until it ended (the heartbeat: <see cref="Sim.Cli.Tests.Infrastructure.ProgressLogTests"/>).
/// </summary>
public class ProgressPerCommandTests
{
    private static (int Code, string Err) Satsim(string workDir, string seconds, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "satsim"), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDir,
        };
        info.Environment["SATSIM_PROGRESS_SECONDS"] = seconds;
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(300_000), $"satsim {string.Join(' ', args)} did not finish");
        _ = output.Result;
        return (p.ExitCode, error.Result);
    }

    private static void AssertProgress(TempDir dir, string expected, string? log, params string[] args)
    {
        var (code, err) = Satsim(dir.Path, "0", args);
        Assert.True(code == 0, $"satsim {string.Join(' ', args)}: exit {code}: {err}");
        var lines = err.ReplaceLineEndings("\n").Split('\n').Where(l => l.StartsWith("progress: ", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Any(l => l.StartsWith($"progress: {expected}: ", StringComparison.Ordinal)), $"no 'progress: {expected}:' line in stderr of satsim {string.Join(' ', args)}:\n{err}");
        Assert.Contains(lines, l => l.Contains("100% ", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', err); // no bar or colour codes into a redirected stream
        if (log is not null)
        {
            Assert.Contains($"progress: {expected}: ", File.ReadAllText(Path.Combine(dir.Path, log, "satsim.log")));
        }
    }

    private const string Scenario = "name: s\nworkload: { model: mlp, dataset: timing-only, methods: [dense, bdwp], nm: \"2:8\", batch: 2 }\noutputs: { timeline: false, chrome_trace: false, accuracy_plot: false, roofline: false }\n";

    [Fact]
    public void Run() { using var d = new TempDir(); d.Write("s.yaml", Scenario); AssertProgress(d, "run s", "out", "run", "s.yaml", "--out", "out"); }

    [Fact]
    public void Sweep()
    {
        using var d = new TempDir();
        d.Write("w.yaml", "workload: {model: mlp, batch: 2, method: dense}\ngrid: {pe_rows: [8, 16]}\n");
        AssertProgress(d, "sweep w.yaml", "out", "sweep", "w.yaml", "--out", "out", "--no-plots", "-j", "1");
    }

    [Fact]
    public void Search()
    {
        using var d = new TempDir();
        d.Write("w.yaml", "workload: {model: mlp, batch: 2, method: dense}\ngrid: {pe_rows: [8, 16], pe_cols: [8, 16]}\nsearch: {strategy: random, budget: 2, objective: images_per_second, seed: 1}\n");
        AssertProgress(d, "search w.yaml", "out", "sweep", "w.yaml", "--out", "out", "--no-plots", "-j", "1");
    }

    [Fact]
    public void Train()
    {
        using var d = new TempDir();
        var dir = d.File("mnist");
        Directory.CreateDirectory(dir);
        var rng = new Random(1);
        foreach (var (prefix, n) in new[] { ("train", 64), ("t10k", 16) })
        {
            var px = new byte[n * 784];
            rng.NextBytes(px);
            IdxReader.Write(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), [n, 28, 28], px);
            IdxReader.Write(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte"), [n], Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray());
        }
        AssertProgress(d, "train mlp mnist dense", null, "train", "--model", "mlp", "--epochs", "1", "--batch", "16", "--data-dir", d.Path);
    }

    [Fact]
    public void Topo()
    {
        using var d = new TempDir();
        d.Write("a.cfg", string.Join('\n', "[general]", "run_name = t", "[architecture_presets]", "ArrayHeight: 8", "ArrayWidth: 8", "IfmapSramSzkB: 64",
            "FilterSramSzkB: 64", "OfmapSramSzkB: 64", "IfmapOffset: 0", "FilterOffset: 10000000", "OfmapOffset: 20000000",
            "Bandwidth: 10", "Dataflow: ws", "MemoryBanks: 1", "[run_presets]", "InterfaceBandwidth: USER") + "\n");
        d.Write("g.csv", "Layer,M,N,K,\nG0,64,64,32,\nG1,32,64,64,\n");
        AssertProgress(d, "topo g.csv", null, "topo", "--config", "a.cfg", "--topology", "g.csv", "--out", "out", "--satsim");
    }

    [Fact]
    public void TraceAndReplay()
    {
        using var d = new TempDir();
        AssertProgress(d, "trace mlp", null, "trace", "--model", "mlp", "--batch", "2", "--out", "t.jsonl");
        AssertProgress(d, "replay t.jsonl", "r", "replay", "t.jsonl", "--out", "r");
    }

    [Fact]
    public void Compare() { using var d = new TempDir(); AssertProgress(d, "compare lenet5", "c", "compare", "--model", "lenet5", "--batch", "2", "--out", "c"); }

    [Fact]
    public void AHostileRateKeepsTheDefaultAndNeverStopsTheCommand()
    {
        using var d = new TempDir();
        foreach (var rate in new[] { "1e308", "Infinity", "-5", "NaN", "x" })
        {
            var (code, err) = Satsim(d.Path, rate, "trace", "--model", "mlp", "--batch", "2", "--out", "t.jsonl");
            Assert.True(code == 0, $"SATSIM_PROGRESS_SECONDS={rate}: exit {code}: {err}");
            Assert.DoesNotContain("progress: ", err); // 30 s or a day: nothing within this short command
        }
    }
}
