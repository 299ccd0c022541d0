using Sim.Studies.Errors;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary.IO;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using YamlDotNet.RepresentationModel;

namespace Sim.Studies.Scenarios;

/// <summary>
/// Loads and validates a scenario file in one pass. Every problem (unknown key, wrong type, value out of
/// range, missing file, inconsistent combination) is collected with its line and column and thrown together
/// as one <see cref="SatSimInputException"/>, one line per problem; a scenario that loads is valid.
/// </summary>
public static class ScenarioLoader
{
    public static readonly string[] TopKeys = ["name", "description", "hardware", "workload", "outputs"];

    public static readonly string[] WorkloadKeys =
    [
        "model", "dataset", "data_dir", "batch", "methods", "nm", "epochs", "iterations", "optimizer", "precision",
        "seed", "srste_lambda", "train_samples", "test_samples", "augment", "on_divergence",
    ];

    public static readonly string[] OptimizerKeys = ["kind", "lr", "momentum", "weight_decay", "schedule", "warmup_iterations", "step_epochs"];
    public static readonly string[] OutputKeys = ["layers_csv", "timeline", "chrome_trace", "accuracy_plot", "roofline", "timeline_bins"];

    public static readonly string[] Datasets = ["mnist", "fashion-mnist", "cifar10", "cifar100", "synthetic", WorkloadSpec.TimingOnly];
    public static readonly string[] MethodNames = ["dense", "srste", "bdwp"];
    public static readonly string[] Precisions = ["fp32", "fp16", "bf16"];
    public static readonly string[] Schedules = ["constant", "step", "cosine"];

    /// <summary>Model names of the zoo: what <c>workload.model</c> accepts.</summary>
    public static IReadOnlyList<string> Models { get; } = Sim.Workloads.Models.ModelZoo.Names;

    /// <summary>Longest scenario name (it becomes a folder name).</summary>
    public const int MaxNameLength = 100;

    /// <summary>
    /// Whether <paramref name="name"/> can become the folder <c>out/&lt;name&gt;</c> without leaving <c>out/</c>:
    /// no separators, no <c>..</c>, no hidden or absolute names, nothing a shell or file system treats specially.
    /// </summary>
    public static bool IsSafeName(string name) =>
        name.Length is > 0 and <= MaxNameLength && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>A file name made safe for <see cref="IsSafeName"/> (other characters become '_').</summary>
    public static string SafeName(string name)
    {
        var safe = new string(name.Take(MaxNameLength).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()).TrimStart('.');
        return safe.Length == 0 ? "scenario" : safe;
    }

    /// <summary>Loads <paramref name="path"/>; throws <see cref="SatSimInputException"/> listing every problem.</summary>
    public static Scenario Load(string path)
    {
        if (InputPath.Problem(path) is { } problem)
        {
            throw new SatSimInputException(path, $"{problem}; expected a scenario YAML file such as scenarios/quickstart.yaml");
        }
        return Parse(YamlErrorCollector.ReadText(path, "a scenario"), path);
    }

    /// <summary>Parses scenario text; <paramref name="path"/> names it in errors and anchors relative paths.</summary>
    public static Scenario Parse(string text, string path)
    {
        var errors = new YamlErrorCollector(path);
        var root = errors.ParseRoot(text);
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var top = errors.Section(root, "", TopKeys);
        if (top is null)
        {
            errors.ThrowIfAny();
        }
        top!.Require("workload", "a mapping with at least 'model', 'dataset' and 'methods'");

        var hardware = top.ValueNode("hardware") is { } hw && !YamlSection.IsNull(hw)
            ? HardwareYaml.Read(errors, hw, "hardware", baseDir)
            : HardwareConfig.Sat;
        var workload = top.Section("workload", WorkloadKeys) is { } w ? ReadWorkload(w, baseDir) : null;
        var outputs = top.Section("outputs", OutputKeys) is { } o ? ReadOutputs(o) : new OutputSpec();

        var name = top.String("name", null);
        if (name is not null && !IsSafeName(name))
        {
            top.Error("name", $"{TextExcerpt.Quote(name)} cannot name the output folder out/<name>; expected letters, digits, '-', '_' or '.', at most {MaxNameLength} characters, not starting with '.'");
        }
        errors.ThrowIfAny();
        return new Scenario
        {
            Name = name ?? SafeName(Path.GetFileNameWithoutExtension(path)),
            Description = top.String("description", "") ?? "",
            SourceFile = path,
            Text = text,
            Hardware = hardware,
            Workload = workload!,
            Outputs = outputs,
        };
    }

    /// <summary>A zoo name, or an .onnx path (relative to the scenario's folder) imported now so a bad file is reported with the scenario's other problems.</summary>
    private static string ReadModel(YamlSection w, string baseDir)
    {
        var text = w.String("model", "lenet5") ?? "lenet5";
        if (!Sim.Studies.Models.ModelResolver.IsFile(text))
        {
            return w.Choice("model", "lenet5", Models);
        }
        var path = Path.GetFullPath(Path.IsPathRooted(text) ? text : Path.Combine(baseDir, text));
        if (InputPath.Problem(path) is { } problem)
        {
            w.Error("model", $"ONNX {HardwareYaml.Missing(text, problem)} (a relative path is read from the scenario's folder)");
            return path;
        }
        try
        {
            Sim.Studies.Models.ModelResolver.Import(path);
        }
        catch (Sim.Onnx.OnnxImportException e)
        {
            w.Error("model", e.Message);
        }
        return path;
    }

    private static WorkloadSpec ReadWorkload(YamlSection w, string baseDir)
    {
        w.Require("model", $"one of: {string.Join(", ", Models)}, or the path of an .onnx file");
        w.Require("dataset", $"one of: {string.Join(", ", Datasets)}");
        w.Require("methods", "a list of dense, srste, bdwp such as [dense, bdwp]");
        var model = ReadModel(w, baseDir);
        var dataset = w.Choice("dataset", WorkloadSpec.TimingOnly, Datasets);
        var timingOnly = dataset == WorkloadSpec.TimingOnly;
        var methods = w.ChoiceList("methods", ["dense"], MethodNames)
            .Select(TrainingMethods.Parse).ToArray();

        var nm = new NmPattern(2, 8);
        if (w.Has("nm"))
        {
            var text = w.String("nm", "2:8")!;
            var parts = text.Split(':');
            if (parts.Length == 2 && int.TryParse(parts[0], out var n) && int.TryParse(parts[1], out var m) && n >= 1 && m >= 2 && n < m && m <= 64)
            {
                nm = new NmPattern(n, m);
            }
            else
            {
                w.Error("nm", $"{TextExcerpt.Quote(text)} is not a sparse N:M pattern; expected N:M with 1 <= N < M <= 64, such as 2:8 (quote it or write it without spaces)");
            }
        }

        string? dataDir = null;
        if (w.Has("data_dir"))
        {
            dataDir = w.String("data_dir", null);
            if (timingOnly)
            {
                w.Error("data_dir", "a timing-only scenario reads no data; remove data_dir or name a data set");
            }
            else if (dataDir is not null && !Directory.Exists(Path.Combine(baseDir, dataDir)))
            {
                w.Error("data_dir", File.Exists(Path.Combine(baseDir, dataDir))
                    ? $"{TextExcerpt.Quote(dataDir)} is a file, not a directory (relative to {baseDir}); expected a folder with the data set files"
                    : $"directory {TextExcerpt.Quote(dataDir)} not found (relative to {baseDir}); expected a folder with the data set files");
            }
            else if (dataDir is not null)
            {
                dataDir = Path.GetFullPath(Path.Combine(baseDir, dataDir));
                if (Sim.Training.Data.DatasetLoader.Missing(dataset, dataDir) is { } probe)
                {
                    // run never fetches into a named folder, so a folder without the data set is an error here already.
                    w.Error("data_dir", $"{dataDir} holds no {dataset} ({probe} neither there nor in its usual sub-folder); fetch it with 'satsim data fetch {dataset} --data-dir {dataDir}' or remove data_dir to use the data cache");
                }
            }
        }

        int? epochs = w.Has("epochs") ? w.Int("epochs", 1, 1, 100_000) : null;
        int? iterations = w.Has("iterations") ? w.Int("iterations", 1, 1, 100_000_000) : null;
        if (epochs is not null && iterations is not null)
        {
            w.Error("iterations", "give either epochs or iterations, not both");
        }
        else if (!timingOnly && iterations is not null)
        {
            w.Error("iterations", "a training scenario runs whole epochs (accuracy is measured after each); use epochs, and train_samples to shorten them");
            iterations = null;
        }
        if (timingOnly && epochs is not null)
        {
            w.Error("epochs", "a timing-only scenario has no data set to make epochs of; use iterations (simulated iterations per method)");
            epochs = null;
        }
        if (epochs is null && iterations is null)
        {
            if (timingOnly)
            {
                iterations = 1;
            }
            else
            {
                epochs = 1;
            }
        }

        var optimizer = new OptimizerSpec();
        if (w.Section("optimizer", OptimizerKeys) is { } o)
        {
            o.Choice("kind", "sgd", ["sgd"]);
            optimizer = new OptimizerSpec
            {
                LearningRate = o.Double("lr", optimizer.LearningRate, 0, 100, exclusiveMin: true),
                Momentum = o.Double("momentum", optimizer.Momentum, 0, 0.9999),
                WeightDecay = o.Double("weight_decay", optimizer.WeightDecay, 0, 1),
                Schedule = o.Choice("schedule", optimizer.Schedule, Schedules),
                WarmupIterations = o.Int("warmup_iterations", optimizer.WarmupIterations, 0, 100_000_000),
                StepEpochs = o.Int("step_epochs", optimizer.StepEpochs, 1, 100_000),
            };
        }

        return new WorkloadSpec
        {
            Model = model,
            Dataset = dataset,
            DataDir = dataDir,
            Batch = w.Int("batch", 64, 1, 65536),
            Methods = methods,
            Nm = nm,
            Epochs = epochs,
            Iterations = iterations,
            Optimizer = optimizer,
            Precision = w.Choice("precision", "fp32", Precisions),
            Seed = w.Int("seed", 1, 0, int.MaxValue),
            SrsteLambda = w.Double("srste_lambda", 2e-4, 0, 1),
            Augment = w.Bool("augment", false),
            ContinueOnDivergence = w.Choice("on_divergence", "stop", ["stop", "continue"]) == "continue",
            TrainSamples = w.Has("train_samples") ? w.Int("train_samples", 1, 1, int.MaxValue) : null,
            TestSamples = w.Has("test_samples") ? w.Int("test_samples", 1, 1, int.MaxValue) : null,
        };
    }

    private static OutputSpec ReadOutputs(YamlSection o)
    {
        var d = new OutputSpec();
        return new OutputSpec
        {
            LayersCsv = o.Bool("layers_csv", d.LayersCsv),
            Timeline = o.Bool("timeline", d.Timeline),
            ChromeTrace = o.Bool("chrome_trace", d.ChromeTrace),
            AccuracyPlot = o.Bool("accuracy_plot", d.AccuracyPlot),
            Roofline = o.Bool("roofline", d.Roofline),
            TimelineBins = o.Int("timeline_bins", d.TimelineBins, 10, 100_000),
        };
    }
}
