using Sim.Vocabulary.IO;
using System.CommandLine;
using System.Globalization;
using Sim.Studies.Baselines;
using Sim.Studies.Errors;
using Sim.Cli.Output;
using Sim.Studies.Output;
using Sim.Studies.Reproduction;
using Sim.Studies.Scenarios;
using Sim.Components.Config;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim reproduce</c>: runs the paper's experiments on the simulator and writes <c>reproduction.md</c>
/// with its tables and figures. <c>--reduced</c> runs the same experiments on small models, for tests.
/// </summary>
internal static class ReproduceCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Directory for reproduction.md; figures and reproduction.json go to its reproduction/ subfolder.", Required = true };
        var reduced = new Option<bool>("--reduced") { Description = "Small models, batch 4 and short ranges (seconds instead of minutes); not the paper's set." };
        var config = new Option<string?>("--hardware", "--config", "-c") { Description = "Hardware file (default: SAT's built-in configuration, the same as scenarios/sat-vcu1525.yaml)." };
        var batch = new Option<int?>("--batch") { Description = "Batch of the simulated iteration (default 32; 4 with --reduced)." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Simulations run at once (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var baselines = new Option<string?>("--baselines") { Description = "Baseline data file (default: data/fpga-baselines.csv next to the binary)." };
        var noAccuracy = new Option<bool>("--no-accuracy") { Description = "Skip the accuracy table (functional-engine training on MNIST / Fashion-MNIST)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory for the accuracy table (default: $SATSIM_DATA, else ~/.cache/satsim/data; fetch with 'satsim data fetch mnist')." };
        var command = new Command("reproduce", """
            Reproduce the paper's results on the simulator: BDWP 2:8 (and 2:4, 1:4, 1:8, SR-STE 2:8) against dense on
            ResNet-9, VGG-19, ResNet-18 (CIFAR size), ResNet-50 (ImageNet size) and a ViT; ideal vs simulated speedup
            and where the time goes; the dataflow-optimization ablation; sensitivity to array size, DRAM channels and
            buffer size; the comparison with published FPGA trainers. Writes DIR/reproduction.md and its figures.

            Examples:
              satsim reproduce --out docs                 # regenerates docs/reproduction.md
              satsim reproduce --out runs/repro --reduced --json
            """);
        foreach (var o in new Option[] { output, reduced, config, batch, jobs, baselines, noAccuracy, dataDir })
        {
            command.Options.Add(o);
        }
        command.SetAction(parse => CommandRunner.Run(parse, context =>
        {
            var outDir = parse.GetValue(output)!;
            var plan = parse.GetValue(reduced) ? ReproductionPlan.Reduced : ReproductionPlan.Full;
            if (parse.GetValue(batch) is { } b)
            {
                if (b < 1)
                {
                    throw new UsageException($"--batch: expected a positive integer, got {b}");
                }
                plan = plan with { Batch = b };
            }
            var parallelism = parse.GetValue(jobs);
            if (parallelism < 1)
            {
                throw new UsageException($"--jobs: expected a positive integer, got {parallelism}");
            }
            var configPath = parse.GetValue(config);
            var hardware = configPath is not null ? HardwareYaml.LoadFile(configPath) : HardwareConfig.Sat;
            var rows = BaselineCatalog.Load(parse.GetValue(baselines) ?? BaselineCatalog.DefaultPath);
            context.AttachLogFile(Path.Combine(outDir, "reproduction"));
            context.Log.Information("reproduce: {Models} at batch {Batch} on {Hardware}", string.Join(", ", plan.Models), plan.Batch, Reproducer.Describe(hardware));

            var result = Reproducer.Run(plan, hardware, rows, parallelism, context.Progress, context.Timer);
            if (!parse.GetValue(noAccuracy))
            {
                var runs = plan.AccuracyDatasets.Count * (1 + 2 * AccuracyStudy.Patterns.Length);
                var accuracy = context.Progress.Run("accuracy (functional engine)", runs, sink =>
                    AccuracyStudy.Run(plan.AccuracyModel, plan.AccuracyDatasets, plan.AccuracyEpochs, plan.AccuracyTrainLimit, plan.AccuracyTestLimit, parse.GetValue(dataDir), sink));
                result = result with { Accuracy = accuracy };
                if (accuracy.Skipped is { } why)
                {
                    context.Log.Warning("accuracy: skipped {Why}", why);
                }
            }
            var figureDir = Path.Combine(outDir, "reproduction");
            var figures = ReproductionFigures.Write(result, figureDir);
            var commandLine = "satsim reproduce --out " + outDir + (plan.IsReduced ? " --reduced" : "") + (configPath is null ? "" : " --config " + configPath)
                + (parse.GetValue(batch) is { } bb ? " --batch " + bb.ToString(CultureInfo.InvariantCulture) : "");
            var json = ReproductionSummary.Of(result);
            AtomicFile.WriteAllText(Path.Combine(figureDir, "reproduction.json"), Json.Serialize(json) + "\n");
            AtomicFile.WriteAllText(Path.Combine(outDir, "reproduction.md"), ReproductionReport.Markdown(result, commandLine, "reproduction", figures));
            foreach (var failed in result.Speedups.Where(s => !s.Run.Ok || !s.Dense.Ok))
            {
                context.Log.Warning("{Model} {Variant}: {Error}", failed.Model, failed.Variant, failed.Dense.Error ?? failed.Run.Error);
            }

            if (context.Json)
            {
                context.WriteJson(json);
            }
            else
            {
                context.Say($"{result.Simulations} simulations; average simulated BDWP {plan.Headline} speedup {F(result.AverageSimulatedSpeedup)}x (ideal {F(result.AverageIdealSpeedup)}x, paper 1.75x)");
                foreach (var row in result.Headline)
                {
                    context.Say($"  {row.Model,-20} ideal {F(row.IdealSpeedup)}x  simulated {F(row.SimulatedSpeedup)}x{(row.Run.Error ?? row.Dense.Error) switch { null => "", var e => "  (" + e + ")" }}");
                }
                context.Say($"wrote {Path.Combine(outDir, "reproduction.md")} and {figures.Count} figures in {figureDir}");
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static string F(double? v) => v is { } x ? x.ToString("F2", CultureInfo.InvariantCulture) : "-";
}
