using System.CommandLine;
using System.CommandLine.Parsing;
using Sim.Vocabulary.IO;
using Sim.Studies.Errors;

namespace Sim.Cli.Commands;

/// <summary>
/// The one place that turns failures into exit codes, so every command follows the convention:
/// <see cref="SatSimInputException"/> prints one <c>file:line:col: message</c> line per error and exits 1;
/// <see cref="UsageException"/> prints one line and exits 2; any other exception (a simulation error) prints
/// its first message line and exits 1. Stack traces go to the log file only, never to the console.
/// </summary>
public static class CommandRunner
{
    /// <summary>Use as <c>command.SetAction(p => CommandRunner.Run(p, ctx => ...))</c>.</summary>
    public static int Run(ParseResult parse, Func<CliContext, int> body)
    {
        using var context = CliContext.From(parse);
        return Run(context, body, CommandPath(parse));
    }

    /// <summary>"bench kernel throughput" for a nested command ("satsim" for the root), so messages name what the user typed.</summary>
    internal static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null && r.Command is not RootCommand; r = r.Parent as CommandResult)
        {
            names.Add(r.Command.Name);
        }
        names.Reverse();
        return names.Count == 0 ? "satsim" : string.Join(' ', names);
    }

    /// <summary>Runs <paramref name="body"/> under the error convention with an existing context.</summary>
    public static int Run(CliContext context, Func<CliContext, int> body, string commandName = "satsim")
    {
        try
        {
            return body(context);
        }
        catch (SatSimInputException e)
        {
            foreach (var error in e.Errors)
            {
                context.Error.WriteLine(TextExcerpt.Sanitize(error.ToString()));
            }
            context.Log.Debug(e, "input error");
            return CliApp.InputError;
        }
        catch (UsageException e)
        {
            context.Error.WriteLine(TextExcerpt.Sanitize($"satsim {commandName}: {e.Message}"));
            context.Error.WriteLine($"Run 'satsim {commandName} --help' for usage.");
            return CliApp.UsageError;
        }
        catch (OverflowException e)
        {
            // Checked arithmetic on user-supplied sizes: a result is either right or this error, never a wrapped number.
            var detail = e.Message.StartsWith("Arithmetic operation", StringComparison.Ordinal) ? "" : $" ({FirstLine(e.Message)})";
            context.Error.WriteLine(TextExcerpt.Sanitize($"satsim {commandName}: error: a count exceeds the 64-bit range{detail}; reduce the batch, image or layer sizes"));
            context.Log.Debug(e, "overflow");
            return CliApp.InputError;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            context.Error.WriteLine(TextExcerpt.Sanitize($"satsim {commandName}: error: {FirstLine(e.Message)}"));
            context.Log.Debug(e, "command failed");
            return CliApp.InputError;
        }
        finally
        {
            context.Error.Flush();
            context.Out.Flush();
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
