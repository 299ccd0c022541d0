using System.CommandLine;

namespace Sim.Cli.Commands;

/// <summary>
/// The flags every command accepts (declared once on the root, recursive, so each command sees them):
/// <c>--json</c> machine-readable output on stdout, <c>--quiet</c> nothing but errors, <c>--verbose</c>
/// debug logging on the console. Read them through <see cref="CliContext"/>, not directly.
/// </summary>
public static class CommonOptions
{
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print one machine-readable JSON object on stdout instead of tables.",
        Recursive = true,
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Print nothing but errors (no tables, no progress bars).",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log debug detail on the console (the log file in the output folder always has it).",
        Recursive = true,
    };

    /// <summary>Adds the common flags to the root command.</summary>
    public static void AddTo(Command root)
    {
        root.Options.Add(Json);
        root.Options.Add(Quiet);
        root.Options.Add(Verbose);
    }
}
