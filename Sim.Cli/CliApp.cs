using System.CommandLine;
using Sim.Cli.Commands;

namespace Sim.Cli;

/// <summary>
/// Builds the <c>satsim</c> command tree. Each command group lives in its own file under
/// <c>Commands/</c> and contributes one top-level command here, so adding a command touches one line.
/// </summary>
public static class CliApp
{
    /// <summary>Exit code for success.</summary>
    public const int Ok = 0;
    /// <summary>Exit code for a simulation or input error (bad scenario, trace, data file).</summary>
    public const int InputError = 1;
    /// <summary>Exit code for a usage error (unknown flag, missing argument).</summary>
    public const int UsageError = 2;

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("SatSim: a discrete-event simulator of SAT, an FPGA accelerator for N:M sparse DNN training.");
        CommonOptions.AddTo(root);
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs a command line with its output captured (tests use this).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = BuildRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var path = CommandRunner.CommandPath(parse);
            var prefix = path == "satsim" ? "satsim" : $"satsim {path}";
            foreach (var e in parse.Errors)
            {
                error.WriteLine($"{prefix}: {e.Message}");
            }
            error.WriteLine($"Run '{prefix} --help' for usage.");
            return UsageError;
        }
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
