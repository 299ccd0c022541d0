using System.CommandLine;
using Sim.Cli.Sweeps;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim sweep</c>: design-space exploration over the hardware and workload axes of a sweep file,
/// and <c>satsim sweep merge</c>, which joins the result directories of sharded runs.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var command = new Command("sweep", "Design-space exploration: simulate every point of a sweep file (grid or seeded random samples), in parallel, resumably, optionally one shard of it.");
        command.Subcommands.Add(CreateMerge());
        return command;
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
            var merged = SweepMerger.Merge(parse.GetValue(dirs)!, outDir);
            context.AttachLogFile(outDir);
            var files = SweepOutput.Write(merged.Spec, merged.Results, outDir, plots: !parse.GetValue(noPlots));
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
