using System.CommandLine;
using Sim.Cli.Demo;
using Sim.Cli.Errors;

namespace Sim.Cli.Commands;

/// <summary><c>satsim demo</c>: a few-line run of the discrete-event kernel (see <see cref="KernelDemo"/>).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<ulong>("--seed") { Description = "Seed of the DMA latency stream.", DefaultValueFactory = _ => 1UL };
        var tiles = new Option<int>("--tiles") { Description = "Tiles to load and compute.", DefaultValueFactory = _ => 8 };
        var command = new Command("demo", "Run a small DMA -> buffer -> PE-array model on the simulation kernel and print what happens.");
        command.Options.Add(seed);
        command.Options.Add(tiles);
        command.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            var n = parse.GetValue(tiles);
            if (n < 1)
            {
                throw new UsageException($"--tiles must be a positive integer, got {n}.");
            }
            foreach (var line in KernelDemo.Run(parse.GetValue(seed), n))
            {
                ctx.Out.Write(line);
                ctx.Out.Write('\n');
            }
            return CliApp.Ok;
        }));
        return command;
    }
}
