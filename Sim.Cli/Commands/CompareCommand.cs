using Sim.Vocabulary.IO;
using System.CommandLine;
using System.Globalization;
using Sim.Studies.Baselines;
using Sim.Studies.Errors;
using Sim.Cli.Output;
using Sim.Studies.Output;
using Sim.Studies.Scenarios;
using Sim.Studies.Timing;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;
using Spectre.Console;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim compare</c>: the simulated design (one timing-only training iteration of a workload) against the
/// published FPGA training accelerators of the project's data file, as throughput and energy-efficiency ratios.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--hardware", "--config", "-c") { Description = "Hardware file (a scenario or its hardware section); default: SAT's built-in defaults." };
        var model = new Option<string>("--model") { Description = $"Model name ({string.Join(", ", ModelZoo.Names)}) or the path of an ONNX file (.onnx; its batch dimension is replaced by --batch).", DefaultValueFactory = _ => "resnet18-cifar" };
        var batch = new Option<int>("--batch") { Description = "Batch size of the simulated iteration.", DefaultValueFactory = _ => 32 };
        var method = new Option<string>("--method") { Description = "Training method: dense, srste or bdwp.", DefaultValueFactory = _ => "bdwp" };
        var nm = new Option<string>("--nm") { Description = "N:M pattern of sparse methods.", DefaultValueFactory = _ => "2:8" };
        var baselines = new Option<string?>("--baselines") { Description = "Baseline data file (default: data/fpga-baselines.csv next to the binary)." };
        var output = new Option<string?>("--out", "-o") { Description = "Directory for compare.png and compare.json (optional)." };
        var command = new Command("compare", """
            Compare the simulated design with published FPGA training accelerators: throughput and energy-efficiency
            ratios (design / baseline) where the baseline reports the figure, skipped where it does not.

            Examples:
              satsim compare --config scenarios/sat-vcu1525.yaml
              satsim compare --config scenarios/sat-vcu1525.yaml --model vgg16-cifar --method dense --out runs/compare --json
            """);
        foreach (var o in new Option[] { config, model, batch, method, nm, baselines, output })
        {
            command.Options.Add(o);
        }
        command.SetAction(parse => CommandRunner.Run(parse, context =>
        {
            var modelName = parse.GetValue(model)!;
            if (Sim.Studies.Models.ModelResolver.IsFile(modelName))
            {
                modelName = Path.GetFullPath(modelName);
                Sim.Studies.Models.ModelResolver.Import(modelName); // a bad file: one line, exit 1
            }
            else if (!ModelZoo.Names.Contains(modelName))
            {
                throw new UsageException($"--model: '{modelName}' is not a zoo model; expected one of {string.Join(", ", ModelZoo.Names)} or the path of an .onnx file");
            }
            var batchSize = parse.GetValue(batch);
            if (batchSize < 1)
            {
                throw new UsageException($"--batch: expected a positive integer, got {batchSize}");
            }
            Sim.Workloads.Lowering.TrainingMethod trainingMethod;
            NmPattern pattern;
            try
            {
                trainingMethod = TrainingMethods.Parse(parse.GetValue(method)!);
                pattern = NmPattern.Parse(parse.GetValue(nm)!);
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message);
            }
            var hardware = parse.GetValue(config) is { } path ? HardwareYaml.LoadFile(path) : HardwareConfig.Sat;
            var rows = BaselineCatalog.Load(parse.GetValue(baselines) ?? BaselineCatalog.DefaultPath);
            var outDir = parse.GetValue(output);
            if (outDir is not null)
            {
                context.AttachLogFile(outDir);
            }

            var request = new TimingRequest(modelName, batchSize, trainingMethod, pattern);
            context.Log.Information("simulating {Request}", request.ToString());
            var report = context.Progress.Run($"compare {modelName}", 1, sink =>
            {
                var r = context.Timer.Report(hardware, request);
                sink.Advance();
                return r;
            });
            var design = ComparisonSummary.Figures(report, hardware, request);
            var ratios = BaselineComparison.Compare(design, rows);
            var summary = ComparisonSummary.Of(design, ratios);

            if (outDir is not null)
            {
                BaselinePlot.Write(Path.Combine(outDir, "compare.png"), design, ratios);
                AtomicFile.WriteAllText(Path.Combine(outDir, "compare.json"), Json.Serialize(summary) + "\n");
            }
            if (context.Json)
            {
                context.WriteJson(summary);
            }
            else if (context.Human)
            {
                PrintTable(context, design, ratios);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static void PrintTable(CliContext context, DesignFigures design, IReadOnlyList<BaselineRatio> ratios)
    {
        context.Console.MarkupLine($"[bold]{Markup.Escape(design.Label)}[/], {Markup.Escape(design.Workload)}: " +
            $"{F(design.EffectiveGops)} GOPS effective ({F(design.DenseEquivalentGops)} dense-equivalent), " +
            $"{(design.GopsPerWatt is { } g ? F(g) : "?")} GOPS/W");
        var table = new Table().AddColumns("baseline", "platform", "precision", "GOPS", "GOPS/W", "throughput ratio", "(dense-eq.)", "energy-eff. ratio", "note");
        foreach (var r in ratios)
        {
            table.AddRow(
                Markup.Escape(r.Baseline.Label),
                Markup.Escape(r.Baseline.Platform),
                Markup.Escape(r.Baseline.Precision),
                r.Baseline.ThroughputGops is { } t ? F(t) : "-",
                r.Baseline.EffectiveEnergyEfficiency is { } e ? F(e) : "-",
                X(r.ThroughputRatio),
                X(r.DenseEquivalentThroughputRatio),
                X(r.EnergyEfficiencyRatio),
                Markup.Escape(r.Skipped ?? ""));
        }
        context.Console.Write(table);
        context.Say($"paper (SAT vs prior FPGA trainers): {BaselinePlot.PaperThroughputRange.Low}x-{BaselinePlot.PaperThroughputRange.High}x throughput, {BaselinePlot.PaperEfficiencyRange.Low}x-{BaselinePlot.PaperEfficiencyRange.High}x energy efficiency");
    }

    private static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);

    private static string X(double? v) => v is { } x ? x.ToString("F2", CultureInfo.InvariantCulture) + "x" : "-";
}
