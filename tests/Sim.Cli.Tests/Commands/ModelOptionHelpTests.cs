using System.Text.RegularExpressions;

namespace Sim.Cli.Tests.Commands;

/// <summary>
/// Every command's <c>--help</c> describes <c>--model</c> as what the command accepts: a zoo name or an .onnx path,
/// except <c>bench train</c>, which takes zoo models only and says so.
/// </summary>
public partial class ModelOptionHelpTests
{
    [GeneratedRegex(@"^  (?<name>[a-z][a-z0-9-]*)(\s|$)")]
    private static partial Regex CommandLine();

    private static string Help(IEnumerable<string> path)
    {
        var (code, stdout, stderr) = CliRunner.Run([.. path, "--help"]);
        Assert.True(code == 0, stderr);
        return stdout.ReplaceLineEndings("\n");
    }

    /// <summary>The subcommand names listed under "Commands:" in a help text.</summary>
    private static IEnumerable<string> Subcommands(string help)
    {
        var section = help.Split("\nCommands:\n") is { Length: 2 } parts ? parts[1] : "";
        foreach (var line in section.Split('\n'))
        {
            if (CommandLine().Match(line) is { Success: true } m)
            {
                yield return m.Groups["name"].Value;
            }
        }
    }

    private static void Walk(List<string> path, Dictionary<string, string> found)
    {
        var help = Help(path);
        var model = help.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("--model ", StringComparison.Ordinal));
        if (model is not null)
        {
            found[string.Join(' ', path)] = model;
        }
        foreach (var sub in Subcommands(help))
        {
            Walk([.. path, sub], found);
        }
    }

    [Fact]
    public void Model_option_help_names_onnx_files_where_they_are_accepted()
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk([], found);
        foreach (var command in new[] { "train", "compare", "workload", "trace", "plan", "bench train" })
        {
            Assert.True(found.ContainsKey(command), $"satsim {command} --help has no --model line; found: {string.Join(", ", found.Keys)}");
        }
        foreach (var (command, line) in found)
        {
            Assert.DoesNotContain("zoo name)", line, StringComparison.Ordinal);
            if (command == "bench train")
            {
                Assert.Contains("not an ONNX file", line, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(line.Contains(".onnx", StringComparison.Ordinal), $"satsim {command} --help: {line.Trim()}");
            }
        }
    }
}
