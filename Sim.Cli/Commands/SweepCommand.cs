using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Sim.Studies.Composition;
using Sim.Studies.Sweeps.Search;
using System.CommandLine;
using System.Globalization;
using Sim.Studies.Errors;
using Sim.Studies.Scenarios;
using Sim.Studies.Sweeps;
using Sim.Components.Config;
using Sim.Workloads.Models;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim sweep</c>: design-space exploration over the hardware and workload axes of a sweep file,
/// and <c>satsim sweep merge</c>, which joins the result directories of sharded runs.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("SWEEP") { Description = "Sweep file (YAML): workload axes, hardware grid, optional random samples and base hardware." };
        var output = new Option<string>("--out", "-o") { Description = "Result directory (sweep.csv, figures, points/ for resuming).", Required = true };
        var shard = new Option<string?>("--shard") { Description = "Run only shard I of N (0-based, e.g. 0/4); join shards with 'satsim sweep merge'." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Points simulated at once (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var noPlots = new Option<bool>("--no-plots") { Description = "Write sweep.csv only, no figures." };
        var command = new Command("sweep", """
            Design-space exploration: simulate one training iteration at every point of a sweep file (a grid, or
            seeded random samples of it) in parallel on all cores; writes sweep.csv, Pareto fronts (throughput
            against on-chip buffer bytes and PE count) and heat maps. Resumable: rerunning the same command after
            an interruption skips finished points and gives the same sweep.csv as an uninterrupted run.

            Examples:
              satsim sweep scenarios/sweep-array-buffer.yaml --out runs/sweep
              satsim sweep scenarios/sweep-array-buffer.yaml --out runs/shard-0 --shard 0/4   # then: satsim sweep merge runs/shard-* --out runs/sweep
            """);
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.Options.Add(shard);
        command.Options.Add(jobs);
        command.Options.Add(noPlots);
        command.SetAction(parse => CommandRunner.Run(parse, context =>
        {
            var path = parse.GetValue(file)!;
            var outDir = parse.GetValue(output)!;
            var shardSpec = parse.GetValue(shard) is { } text ? ShardSpec.Parse(text) : ShardSpec.Whole;
            var parallelism = parse.GetValue(jobs);
            if (parallelism < 1)
            {
                throw new UsageException($"--jobs: expected a positive integer, got {parallelism}");
            }
            var spec = SweepSpecLoader.Load(path, ModelZoo.Names);
            var hardware = spec.HardwarePath is { } hw ? HardwareYaml.LoadFile(hw) : HardwareConfig.Sat;
            context.AttachLogFile(outDir);
            int total, mine;
            ISearchStrategy? strategy = null;
            if (spec.Search is { } search)
            {
                strategy = context.Services.GetRequiredService<SearchStrategies>().Get(search.Strategy);
                if (strategy.Adaptive && shardSpec.Count > search.Islands)
                {
                    throw new UsageException($"--shard {shardSpec}: the {search.Strategy} search in {path} has {search.Islands} island(s), one per shard at most; set search.islands to at least {shardSpec.Count} (see docs/cluster.md)");
                }
                total = search.Budget;
                mine = SearchJob.ShardBudget(search, strategy, shardSpec);
                context.Log.Information("search {File}: {Strategy}, budget {Budget}, objective {Objective}, shard {Shard} evaluates up to {Mine}, {Jobs} at once", path, search.Strategy, search.Budget, search.Objective, shardSpec, mine, parallelism);
            }
            else
            {
                var points = PointExpansion.Expand(spec);
                total = points.Count;
                mine = shardSpec.Select(points).Count;
                context.Log.Information("sweep {File}: {Points} points, shard {Shard} runs {Mine}, {Jobs} at once", path, points.Count, shardSpec, mine, parallelism);
            }

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            SweepJobResult result;
            try
            {
                var yaml = YamlErrorCollector.ReadText(path, "a sweep file");
                var evaluator = new SimulatorSweepEvaluator(hardware, context.Timer, context.Services.GetRequiredService<IHardwareCostModel>())
                {
                    ModelFolder = Path.GetDirectoryName(Path.GetFullPath(path)),
                };
                var strategies = context.Services.GetRequiredService<SearchStrategies>();
                result = context.Progress.Run($"{(strategy is null ? "sweep" : "search")} {Path.GetFileName(path)}", mine, progress => strategy is null
                    ? SweepJob.Run(spec, yaml, outDir, evaluator, shardSpec, parallelism, !parse.GetValue(noPlots), progress, cancel.Token)
                    : SearchJob.Run(spec, yaml, outDir, evaluator, shardSpec, parallelism, !parse.GetValue(noPlots), progress, cancel.Token, strategies));
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
            var s = result.Summary;
            context.Log.Information("evaluated {Evaluated}, already done {Done}, infeasible {Failed}, interrupted {Interrupted}", s.Evaluated, s.AlreadyDone, s.Failed, s.Interrupted);
            if (context.Json)
            {
                context.WriteJson(new
                {
                    points = total,
                    shard = shardSpec.ToString(),
                    shard_points = mine,
                    already_done = s.AlreadyDone,
                    evaluated = s.Evaluated,
                    infeasible = s.Failed,
                    interrupted = s.Interrupted,
                    files = result.Files,
                });
            }
            else
            {
                context.Say(spec.Search is { } sr
                    ? $"{result.ShardPoints} designs searched ({sr.Strategy}, budget {sr.Budget}){(shardSpec.IsWhole ? "" : $" (shard {shardSpec})")}: {s.Evaluated} simulated, {s.AlreadyDone} already done, {s.Failed} infeasible"
                    : $"{mine} points{(shardSpec.IsWhole ? "" : $" (shard {shardSpec} of {total})")}: {s.Evaluated} simulated, {s.AlreadyDone} already done, {s.Failed} infeasible");
                if (s.Interrupted)
                {
                    context.Say("interrupted: rerun the same command to finish the remaining points");
                }
                else if (!shardSpec.IsWhole)
                {
                    context.Say($"shard done; when all {shardSpec.Count} shards are: satsim sweep merge DIR... --out {outDir}");
                }
                foreach (var f in result.Files)
                {
                    context.Say($"  wrote {f}");
                }
                if (result.Results.Count > 0 && spec.Search is { } finished)
                {
                    context.Say(BestDesign.Describe(finished, result.Results));
                }
                if (result.Results.Count > 0 && context.Human)
                {
                    PrintBest(context, result.Results);
                }
            }
            return s.Interrupted ? CliApp.InputError : CliApp.Ok;
        }));
        command.Subcommands.Add(CreateMerge());
        command.Subcommands.Add(SearchBenchmarkCommand.Create());
        return command;
    }

    /// <summary>The fastest design of each workload, as a short table.</summary>
    private static void PrintBest(CliContext context, IReadOnlyList<PointResult> results)
    {
        var table = new Table().AddColumns("workload", "best point", "images/s", "GOPS (effective)", "GOPS/W");
        foreach (var group in results.Where(SweepTable.Feasible).GroupBy(r => SweepTable.WorkloadKey(r.Point)))
        {
            var best = group.OrderByDescending(r => r.Metrics!.ImagesPerSecond).ThenBy(r => r.Point.Index).First();
            var hardwareKey = string.Join(" ", best.Point.Values.Where(v => !SweepAxes.IsWorkloadAxis(v.Key)).OrderBy(v => v.Key.Order).ThenBy(v => v.Key.Name, StringComparer.Ordinal).Select(v => $"{SweepAxes.Name(v.Key)}={v.Value}"));
            table.AddRow(
                Spectre.Console.Markup.Escape(group.Key),
                Spectre.Console.Markup.Escape(hardwareKey.Length == 0 ? "(base hardware)" : hardwareKey),
                best.Metrics!.ImagesPerSecond.ToString("F1", CultureInfo.InvariantCulture),
                best.Metrics.EffectiveGops.ToString("F1", CultureInfo.InvariantCulture),
                best.Metrics.GopsPerWatt.ToString("F2", CultureInfo.InvariantCulture));
        }
        context.Console.Write(table);
    }

    private static Command CreateMerge()
    {
        var dirs = new Argument<string[]>("DIR") { Description = "Result directories of the shards (each written by 'satsim sweep ... --shard I/N --out DIR'); one shared directory also works.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "Directory for the merged sweep.csv, figures and point results.", Required = true };
        var noPlots = new Option<bool>("--no-plots") { Description = "Write sweep.csv only, no figures." };
        var merge = new Command("merge", """
            Join the results of sharded sweep runs into one sweep.csv (byte-identical to an unsharded run) and its figures.
            Every point must have a result in one of the directories; all must hold the same sweep.

            Examples:
              satsim sweep merge shards/0 shards/1 shards/2 shards/3 --out results
              satsim sweep merge shared-dir --out shared-dir
            """);
        merge.Arguments.Add(dirs);
        merge.Options.Add(output);
        merge.Options.Add(noPlots);
        merge.SetAction(parse => CommandRunner.Run(parse, context =>
        {
            var outDir = parse.GetValue(output)!;
            var merged = SweepMerger.Merge(parse.GetValue(dirs)!, outDir, context.Services.GetRequiredService<SearchStrategies>());
            context.AttachLogFile(outDir);
            var files = SweepOutput.Write(merged.Spec, merged.Results, outDir, plots: !parse.GetValue(noPlots), merged.Trace);
            var failed = merged.Results.Count(r => !r.Ok);
            context.Log.Information("merged {Points} points from {Sources} directories into {Out}", merged.Points.Count, merged.Sources, outDir);
            if (context.Json)
            {
                context.WriteJson(new { points = merged.Points.Count, failed, sources = merged.Sources, files });
            }
            else
            {
                context.Say($"merged {merged.Points.Count} points ({failed} infeasible) from {merged.Sources} directories");
                foreach (var file in files)
                {
                    context.Say($"  wrote {file}");
                }
            }
            return CliApp.Ok;
        }));
        return merge;
    }
}
