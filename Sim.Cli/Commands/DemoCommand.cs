using System.CommandLine;
using Sim.Studies.Bench;
using Sim.Studies.Errors;

namespace Sim.Cli.Commands;

/// <summary><c>satsim demo</c>: a few-line run of the discrete-event kernel (see <see cref="KernelDemo"/>).</summary>
internal static class DemoCommand
{
    /// <summary>The demo keeps and prints a few lines per tile; beyond this it is no longer readable, only long.</summary>
    public const int MaxTiles = 100_000;

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
            if (n < 1 || n > MaxTiles)
            {
                throw new UsageException($"--tiles must be an integer from 1 to {MaxTiles} (the demo prints every step), got {n}.");
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
