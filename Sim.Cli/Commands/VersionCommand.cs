using System.CommandLine;
using System.Reflection;

namespace Sim.Cli.Commands;

/// <summary><c>satsim version</c>: prints the tool and runtime versions that reports also record.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the SatSim and .NET runtime versions.");
        command.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            ctx.Out.WriteLine($"satsim {version} (.NET {Environment.Version})");
            return CliApp.Ok;
        }));
        return command;
    }
}
