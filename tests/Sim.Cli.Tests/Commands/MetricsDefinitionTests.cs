using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sim.Cli.Tests.Commands;

/// <summary>
/// Every column and key satsim writes is defined in docs/metrics.md: small real runs (timing only) produce the outputs,
/// and each CSV header column and each JSON key (object property names at every depth) must appear in backticks in the
/// doc. A new column or key without a definition fails here, named with the output it came from. Covered: run, replay,
/// plot, validate, trace, sweep (grid and search), merge, search-benchmark, compare, workload, plan, dram-streams, topo,
/// reproduce (its --json and reproduction.json), train --json and the JSON line of every <c>satsim bench</c> benchmark. The keys of a
/// report's <c>hardware</c> section are the scenario's hardware keys, defined in docs/hardware.md (generated from the
/// schema; the operation kinds under <c>vector.costs</c> are listed in its <c>vector.costs.KIND</c> row). Not checked:
/// assembly names under <c>versions.assemblies</c> (data, not names of figures), and formats owned by other tools:
/// SCALE-Sim's reports of <c>satsim topo</c> (SCALE-Sim's own column names) and the Chrome trace
/// <c>timeline.trace.json</c> (the Trace Event Format).
/// </summary>
public sealed class MetricsDefinitionTests : IDisposable
{
    private const string Tiny = """
        name: tiny
        hardware:
          array: { rows: 8, cols: 8 }
        workload:
          model: lenet5
          dataset: timing-only
          batch: 2
          methods: [dense, bdwp]
          nm: "2:8"
        outputs: { timeline_bins: 20 }
        """;

    private const string Sweep = """
        workload: {model: lenet5, batch: 1, method: [dense, bdwp], nm: "2:8"}
        grid: {pe_rows: [8, 16], pe_cols: 8, device: [xcvu9p]}
        """;

    private const string Search = """
        workload: {model: lenet5, batch: 1, method: bdwp, nm: "2:8"}
        grid: {pe_rows: [8, 16], pe_cols: [8, 16]}
        search: {strategy: random, budget: 2, objective: images_per_second, seed: 1}
        """;

    private static readonly Regex Backticked = new("`([^`\n]+)`", RegexOptions.Compiled);
    private static readonly Regex Word = new("[A-Za-z_][A-Za-z0-9_]*", RegexOptions.Compiled);

    private readonly TempDir _tmp = new();
    private readonly List<(string Output, string Path, string Name)> _names = [];
    private readonly List<string> _outputs = [];

    public void Dispose() => _tmp.Dispose();

    private static string Doc(string name) => File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", name));

    /// <summary>Every word inside backticks in the text.</summary>
    private static HashSet<string> Backtick(string text) =>
        Backticked.Matches(text).SelectMany(m => Word.Matches(m.Groups[1].Value)).Select(w => w.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every word of the table rows of docs/hardware.md (one row per key, generated from the schema).</summary>
    private static HashSet<string> HardwareRows() =>
        Doc("hardware.md").Split('\n').Where(l => l.StartsWith('|')).SelectMany(l => Word.Matches(l)).Select(w => w.Value).ToHashSet(StringComparer.Ordinal);

    private string Ok(params string[] args)
    {
        var (code, stdout, stderr) = CliRunner.Run(args);
        Assert.True(code == 0, $"satsim {string.Join(' ', args)}: exit {code}: {stderr}");
        return stdout;
    }

    private void Csv(string output, string file)
    {
        _outputs.Add(output);
        var header = File.ReadLines(file).First();
        foreach (var column in header.Split(','))
        {
            _names.Add((output, column, column));
        }
    }

    private void JsonKeys(string output, string json)
    {
        _outputs.Add(output);
        using var doc = JsonDocument.Parse(json);
        Walk(output, doc.RootElement, "");
    }

    private void Walk(string output, JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                Walk(output, item, path + "[]");
            }
        }
        else if (e.ValueKind == JsonValueKind.Object && path != "versions.assemblies")
        {
            foreach (var p in e.EnumerateObject())
            {
                var child = path.Length == 0 ? p.Name : path + "." + p.Name;
                _names.Add((output, child, p.Name));
                Walk(output, p.Value, child);
            }
        }
    }

    [Fact]
    public void EveryColumnAndKeySatsimWritesIsDefinedInMetricsMd()
    {
        var scenario = _tmp.Write("tiny.yaml", Tiny);
        var run = _tmp.File("run");
        JsonKeys("satsim run --json", Ok("run", scenario, "--out", run, "--json"));
        JsonKeys("report.json", File.ReadAllText(Path.Combine(run, "report.json")));
        Csv("layers.csv", Path.Combine(run, "layers.csv"));
        JsonKeys("satsim plot --json", Ok("plot", run, "--json"));
        JsonKeys("satsim validate --json", Ok("validate", scenario, "--json"));

        var trace = _tmp.File("t.jsonl");
        JsonKeys("satsim trace --json", Ok("trace", "--model", "lenet5", "--batch", "2", "--method", "bdwp", "--nm", "2:8", "--out", trace, "--json"));
        JsonKeys("satsim trace --read --json", Ok("trace", "--read", trace, "--json"));
        Ok("replay", trace, "--out", _tmp.File("replay"), "--quiet");
        JsonKeys("report.json (replay)", File.ReadAllText(Path.Combine(_tmp.File("replay"), "report.json")));

        var sweep = _tmp.File("sweep");
        JsonKeys("satsim sweep --json", Ok("sweep", _tmp.Write("sweep.yaml", Sweep), "--out", sweep, "--no-plots", "--jobs", "1", "--json"));
        Csv("sweep.csv", Path.Combine(sweep, "sweep.csv"));
        Csv("best.csv", Path.Combine(sweep, "best.csv"));
        JsonKeys("satsim sweep merge --json", Ok("sweep", "merge", sweep, "--out", _tmp.File("merged"), "--json"));
        JsonKeys("satsim sweep search-benchmark --json", Ok("sweep", "search-benchmark", sweep, "--budget", "1", "--seeds", "1", "--strategies", "random", "--json"));
        var search = _tmp.File("search");
        JsonKeys("satsim sweep --json (search)", Ok("sweep", _tmp.Write("search.yaml", Search), "--out", search, "--no-plots", "--jobs", "1", "--json"));
        Csv("search.csv", Path.Combine(search, "search.csv"));
        Csv("sweep.csv (search)", Path.Combine(search, "sweep.csv"));

        var compare = _tmp.File("compare");
        JsonKeys("satsim compare --json", Ok("compare", "--model", "lenet5", "--batch", "2", "--json", "--out", compare));
        JsonKeys("compare.json", File.ReadAllText(Path.Combine(compare, "compare.json")));
        JsonKeys("satsim workload --json", Ok("workload", "--model", "lenet5", "--batch", "2", "--method", "bdwp", "--json"));
        var onnx = Path.Combine(RepoPaths.Root, "tests", "Sim.Onnx.Tests", "Fixtures", "residual-infer13.onnx");
        JsonKeys("satsim workload --json (ONNX)", Ok("workload", "--model", onnx, "--batch", "2", "--method", "bdwp", "--json"));
        JsonKeys("satsim plan --json", Ok("plan", "--model", "lenet5", "--batch", "2", "--json"));

        var dram = _tmp.File("dram");
        Ok("dram-streams", "--out", dram, "--stream", "seq_read");
        Csv("satsim-ddr4.csv", Path.Combine(dram, "satsim-ddr4.csv"));
        Csv("satsim-bandwidth.csv", Path.Combine(dram, "satsim-bandwidth.csv"));

        _tmp.Write("a.cfg", string.Join('\n', "[general]", "run_name = t", "[architecture_presets]", "ArrayHeight: 8", "ArrayWidth: 8",
            "IfmapSramSzkB: 64", "FilterSramSzkB: 64", "OfmapSramSzkB: 64", "IfmapOffset: 0", "FilterOffset: 10000000", "OfmapOffset: 20000000",
            "Bandwidth: 10", "Dataflow: ws", "MemoryBanks: 1", "[run_presets]", "InterfaceBandwidth: USER") + "\n");
        _tmp.Write("g.csv", "Layer,M,N,K,\nG0,16,16,8,\n");
        JsonKeys("satsim topo --json", Ok("topo", "--config", _tmp.File("a.cfg"), "--topology", _tmp.File("g.csv"), "--out", _tmp.File("topo"), "--json"));

        var repro = _tmp.File("repro");
        JsonKeys("satsim reproduce --json", Ok("reproduce", "--out", repro, "--reduced", "--no-accuracy", "--jobs", "1", "--json"));
        JsonKeys("reproduction.json", File.ReadAllText(Path.Combine(repro, "reproduction", "reproduction.json")));

        // A tiny MNIST-shaped data set (random pixels) for the functional engine's outputs.
        var data = TrainCommandTests.WriteIdx(_tmp, 64, 20);
        JsonKeys("satsim train --json", Ok("train", "--model", "lenet5", "--dataset", "mnist", "--epochs", "1", "--batch", "32", "--method", "bdwp", "--data-dir", data, "--json"));
        JsonKeys("satsim bench train", Ok("bench", "train", "--model", "lenet5", "--dataset", "mnist", "--epochs", "1", "--batch", "32", "--threads", "1", "--data-dir", data));
        JsonKeys("satsim bench gemm", Ok("bench", "gemm", "--m", "8", "--n", "8", "--k", "8", "--repeat", "1", "--threads", "1"));
        JsonKeys("satsim bench sim", Ok("bench", "sim", "--model", "lenet5", "--batch", "1", "--method", "bdwp"));
        JsonKeys("satsim bench kernel throughput", Ok("bench", "kernel", "throughput", "--processes", "10", "--timeouts", "10"));
        JsonKeys("satsim bench kernel pipeline", Ok("bench", "kernel", "pipeline", "--items", "100"));

        var metrics = Backtick(Doc("metrics.md"));
        var hardware = HardwareRows();
        bool Defined((string Output, string Path, string Name) n) =>
            n.Output.StartsWith("report.json", StringComparison.Ordinal) && n.Path.StartsWith("hardware.", StringComparison.Ordinal)
                ? hardware.Contains(n.Name)
                : metrics.Contains(n.Name);
        var undefined = _names.Where(n => !Defined(n)).Select(n => $"{n.Output}: {n.Path}").Distinct().ToList();
        Assert.True(undefined.Count == 0, "not defined in docs/metrics.md (hardware keys: docs/hardware.md):\n" + string.Join("\n", undefined));
        // Every output gave names (one that came out empty would pass vacuously), down to nested and array keys.
        Assert.All(_outputs, o => Assert.Contains(_names, n => n.Output == o));
        Assert.Contains(_names, n => n.Output == "report.json" && n.Path == "methods[].bound_cycles.dependence");
        Assert.Contains(_names, n => n.Output == "report.json" && n.Path == "hardware.buffers.input.capacity");
        Assert.Contains(_names, n => n.Output == "satsim workload --json (ONNX)" && n.Path == "layers[].onnx_operators");
        Assert.Contains(_names, n => n.Output == "satsim train --json" && n.Path == "epoch_results[].train_loss");
        Assert.Contains(_names, n => n.Output == "satsim bench train" && n.Path == "phase_share.forward");
    }
}
