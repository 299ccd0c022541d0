using System.Text.Json;

namespace Sim.Cli.Tests.Commands;

/// <summary>
/// <c>--model FILE.onnx</c> and <c>model: FILE.onnx</c>: the committed PyTorch exports (tests/Sim.Onnx.Tests/Fixtures,
/// expected figures from PyTorch in expected.json) through workload, train and run; bad files exit 1 with one line.
/// </summary>
public class OnnxModelCommandTests
{
    private static string Fixture(string name) => Path.Combine(RepoPaths.Root, "tests", "Sim.Onnx.Tests", "Fixtures", name);

    private static JsonElement Expected(string net) => JsonDocument.Parse(File.ReadAllText(Fixture("expected.json"))).RootElement.GetProperty(net);

    [Fact]
    public void Workload_json_counts_pytorchs_parameters_and_macs_per_layer()
    {
        var (code, stdout, stderr) = CliRunner.Run("workload", "--model", Fixture("residual-infer13.onnx"), "--batch", "4", "--method", "bdwp", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(Expected("residual").GetProperty("parameters_bn_folded").GetInt64(), root.GetProperty("parameters").GetInt64());
        Assert.Equal(4 * Expected("residual").GetProperty("forward_macs").GetInt64(), root.GetProperty("stages").GetProperty("fp").GetProperty("dense_macs").GetInt64());
        var layers = root.GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal(root.GetProperty("parameters").GetInt64(), layers.Sum(l => l.GetProperty("parameters").GetInt64()));
        Assert.Equal(root.GetProperty("stages").GetProperty("fp").GetProperty("dense_macs").GetInt64(), layers.Sum(l => l.GetProperty("fp_dense_macs").GetInt64()));
        var conv = layers.First(l => l.GetProperty("name").GetString() == "block2.conv2");
        Assert.Equal("Conv", conv.GetProperty("onnx_operators").GetString());
        Assert.True(conv.GetProperty("nm_fp").GetBoolean() && conv.GetProperty("nm_bp").GetBoolean());
        Assert.True(root.GetProperty("ideal_speedup").GetDouble() > 1);
    }

    [Fact]
    public void Workload_table_lists_the_imported_layers()
    {
        var (code, stdout, stderr) = CliRunner.Run("workload", "--model", Fixture("encoder-infer13.onnx"), "--batch", "2", "--method", "srste");
        Assert.True(code == 0, stderr);
        Assert.Contains("imported layers", stdout);
        Assert.Contains("ReduceMean+Sub+Pow+ReduceMean+Add+Sqrt+Div+Mul+Add", stdout);
        Assert.Contains("matmul", stdout);
        Assert.Contains("28,100", stdout); // PyTorch's parameter count of the encoder
    }

    [Fact]
    public void A_bad_file_is_one_line_and_exit_1()
    {
        using var tmp = new TempDir();
        var bytes = File.ReadAllBytes(Fixture("mlp-infer13.onnx"));
        var cut = tmp.File("cut.onnx");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 3)]);
        var (code, _, stderr) = CliRunner.Run("workload", "--model", cut);
        Assert.Equal(1, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(cut, lines[0]);
        Assert.Contains("truncated or malformed", lines[0]);
        var missing = CliRunner.Run("workload", "--model", tmp.File("absent.onnx"));
        Assert.Equal(1, missing.Code);
        Assert.Contains("no such file", missing.Err);
    }

    [Fact]
    public void Scenario_model_path_times_and_trains_the_file()
    {
        using var tmp = new TempDir();
        File.Copy(Fixture("depthwise-infer13.onnx"), tmp.File("net.onnx"));
        const string hardware = "hardware:\n  array: { rows: 8, cols: 8 }\n";
        var timing = tmp.Write("timing.yaml", hardware + "workload:\n  model: net.onnx\n  dataset: timing-only\n  batch: 8\n  methods: [dense, bdwp]\n  nm: \"2:8\"\n");
        var (code, stdout, stderr) = CliRunner.Run("run", timing, "--out", tmp.File("t"), "--quiet");
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.File("t"), "report.json"))))
        {
            var methods = doc.RootElement.GetProperty("methods").EnumerateArray().ToArray();
            Assert.Equal(2, methods.Length);
            Assert.True(methods[1].GetProperty("cycles_per_iteration").GetInt64() < methods[0].GetProperty("cycles_per_iteration").GetInt64());
        }
        var trained = tmp.Write("train.yaml", hardware + "workload:\n  model: net.onnx\n  dataset: synthetic\n  batch: 32\n  methods: [bdwp]\n  nm: \"2:8\"\n  epochs: 1\n  train_samples: 64\n  test_samples: 32\n");
        (code, _, stderr) = CliRunner.Run("run", trained, "--out", tmp.File("r"), "--quiet");
        Assert.True(code == 0, stderr);
        var missing = tmp.Write("missing.yaml", hardware + "workload:\n  model: nothing.onnx\n  dataset: timing-only\n  batch: 8\n  methods: [dense]\n");
        (code, _, stderr) = CliRunner.Run("run", missing, "--out", tmp.File("m"), "--quiet");
        Assert.Equal(1, code);
        Assert.Contains("ONNX file 'nothing.onnx' not found", stderr);
    }

    [Fact]
    public void Sweep_model_path_is_read_from_the_sweep_files_folder_and_times_like_run()
    {
        using var tmp = new TempDir();
        Directory.CreateDirectory(tmp.File("study/models"));
        File.Copy(Fixture("depthwise-infer13.onnx"), tmp.File("study/models/net.onnx"));
        const string hardware = "hardware:\n  array: { rows: 8, cols: 8 }\n";
        tmp.Write("study/hw.yaml", hardware);
        // the sweep file names the model relative to its own folder; the process runs elsewhere
        var sweep = tmp.Write("study/sweep.yaml", "hardware: hw.yaml\nworkload:\n  model: models/net.onnx\n  batch: 8\n  method: [dense, bdwp]\n  nm: \"2:8\"\n");
        var (code, _, stderr) = CliRunner.Run("sweep", sweep, "--out", tmp.File("s"), "--quiet", "--no-plots");
        Assert.True(code == 0, stderr);
        var rows = File.ReadAllLines(tmp.File("s/sweep.csv"));
        var header = rows[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var onnx = rows.Skip(1).Select(r => r.Split(',')).Where(r => r[Col("model")] == "models/net.onnx").ToArray();
        Assert.Equal(2, onnx.Length); // kept as written: sweep.csv does not depend on where the study lives
        // the same file through run: a scenario beside it gives the same cycles per iteration for both methods
        var scenario = tmp.Write("study/run.yaml", hardware + "workload:\n  model: models/net.onnx\n  dataset: timing-only\n  batch: 8\n  methods: [dense, bdwp]\n  nm: \"2:8\"\n");
        (code, _, stderr) = CliRunner.Run("run", scenario, "--out", tmp.File("r"), "--quiet");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.File("r"), "report.json")));
        var cycles = doc.RootElement.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("cycles_per_iteration").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(cycles, onnx.Select(r => r[Col("cycles")]).ToArray());
        Assert.NotEqual(cycles[0], cycles[1]);

        var missing = tmp.Write("study/missing.yaml", "workload:\n  model: [lenet5, nothing.onnx]\n  batch: 8\n  method: dense\n");
        (code, _, stderr) = CliRunner.Run("sweep", missing, "--out", tmp.File("m"), "--quiet");
        Assert.Equal(1, code);
        Assert.Equal($"{missing}:2:19: 'workload.model': ONNX file 'nothing.onnx' not found (a relative path is read from the sweep file's folder)", stderr.Trim());
        Assert.False(Directory.Exists(tmp.File("m")));
        File.WriteAllBytes(tmp.File("study/cut.onnx"), File.ReadAllBytes(Fixture("mlp-infer13.onnx"))[..1000]);
        var cut = tmp.Write("study/cut.yaml", "workload:\n  model: cut.onnx\n  batch: 8\n  method: dense\n");
        (code, _, stderr) = CliRunner.Run("sweep", cut, "--out", tmp.File("c"), "--quiet");
        Assert.Equal(1, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("truncated or malformed", stderr);
    }
}
