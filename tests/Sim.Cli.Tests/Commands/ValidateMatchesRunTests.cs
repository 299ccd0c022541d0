namespace Sim.Cli.Tests.Commands;

/// <summary>
/// Every scenario that <c>satsim run</c> refuses, <c>satsim validate</c> refuses too, with the same lines and exit code
/// (before, validate accepted scenarios that run then rejected); and a scenario validate accepts, run runs.
/// </summary>
public class ValidateMatchesRunTests
{
    private static string Onnx(string name) => Path.Combine(RepoPaths.Root, "tests", "Sim.Onnx.Tests", "Fixtures", name);

    private const string Timing = "  dataset: timing-only\n  batch: 8\n  methods: [dense, bdwp]\n";

    private const string NoFigures = "outputs: { timeline: false, chrome_trace: false, accuracy_plot: false, roofline: false }\n";

    /// <summary>Scenario text, and a fragment of the one error line both commands must print.</summary>
    public static TheoryData<string, string> Rejected => new()
    {
        // No tiling fits: output tiles of FP32 partial sums need 32 x 32 x 4 B per half, not 64 B.
        { "name: s\nhardware: { buffers: { output: { capacity: 64B } } }\nworkload:\n  model: lenet5\n" + Timing, "hardware.buffers: dense: conv1 FP: GEMM 6272x6x25 (dense) has no tiling whose operands fit the buffers" },
        // An input buffer of 64 B holds half a row of A: no GEMM tile fits (conv1's K of 25 FP16 values alone is 50 B per row).
        { "name: s\nhardware: { buffers: { input: { capacity: 64B } } }\nworkload:\n  model: lenet5\n" + Timing, "has no tiling whose operands fit the buffers with double buffering; enlarge the buffers" },
        // A weight buffer of 32 B: 16 B per half cannot hold one 2:8 group of FP32 master weights (32 B), nor a useful B tile.
        { "name: s\nhardware: { buffers: { weight: { capacity: 32B } } }\nworkload:\n  model: mlp\n" + Timing, "hardware.buffers: dense: " },
        // An imported network whose input is not the data set's sample shape (found before any data is read).
        { $"name: s\nworkload:\n  model: '{Onnx("residual-infer13.onnx")}'\n  dataset: cifar100\n  batch: 8\n  methods: [dense]\n", "workload.model: data set 'cifar100' has samples of shape 3x32x32, but model 'residual-infer13' takes 1x28x28" },
        { $"name: s\nworkload:\n  model: '{Onnx("encoder-infer13.onnx")}'\n  dataset: mnist\n  batch: 8\n  methods: [dense]\n", "workload.model: data set 'mnist' has samples of shape 1x28x28, but model 'encoder-infer13' takes 16" },
        // A data folder that does not exist, and a range the schema refuses.
        { "name: s\nworkload:\n  model: lenet5\n  dataset: mnist\n  data_dir: no/such/folder\n  batch: 8\n  methods: [dense]\n", "workload.data_dir: directory 'no/such/folder' not found" },
        { "name: s\nhardware: { clock_mhz: 1e-300 }\nworkload:\n  model: lenet5\n" + Timing, "hardware.clock_mhz" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void ValidateRefusesWhatRunRefusesWithTheSameLine(string yaml, string expected)
    {
        using var dir = new TempDir();
        var file = dir.Write("s.yaml", yaml + NoFigures);
        var (runCode, _, runErr) = CliRunner.Run("run", file, "--out", dir.File("out"), "-q");
        var (code, output, err) = CliRunner.Run("validate", file, "-q");
        Assert.Equal(1, runCode);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        var line = Assert.Single(Lines(err));
        Assert.Contains(expected, line);
        Assert.StartsWith(file, line);
        Assert.Equal(Lines(runErr), Lines(err));
    }

    [Fact]
    public void RunRefusesBeforeAnyWorkSoNothingIsWritten()
    {
        using var dir = new TempDir();
        var file = dir.Write("s.yaml", "name: s\nhardware: { buffers: { output: { capacity: 64B } } }\nworkload:\n  model: resnet50-imagenet\n" + Timing + NoFigures);
        var (code, _, _) = CliRunner.Run("run", file, "--out", dir.File("out"), "-q");
        Assert.Equal(1, code);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void AScenarioValidateAcceptsRuns()
    {
        using var dir = new TempDir();
        var file = dir.Write("s.yaml", "name: s\nhardware: { buffers: { output: { capacity: 8KiB } } }\nworkload:\n  model: lenet5\n" + Timing + NoFigures);
        Assert.Equal(0, CliRunner.Run("validate", file, "-q").Code);
        Assert.Equal(0, CliRunner.Run("run", file, "--out", dir.File("out"), "-q").Code);
        Assert.True(File.Exists(dir.File("out/report.json")));
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
