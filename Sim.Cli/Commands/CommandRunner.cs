using System.CommandLine;
using System.CommandLine.Parsing;
using Sim.Vocabulary.IO;
using Sim.Studies.Errors;

namespace Sim.Cli.Commands;

/// <summary>
/// The one place that turns failures into exit codes, so every command follows the convention:
/// <see cref="SatSimInputException"/> prints one <c>file:line:col: message</c> line per error and exits 1;
/// <see cref="UsageException"/> prints one line and exits 2; any other exception (a simulation error, a full disk)
/// prints its first message line and exits 1. Failures of parallel work (<see cref="AggregateException"/>) are
/// reported as their first inner failure. Stack traces go to the log file only, never to the console.
/// </summary>
public static class CommandRunner
{
    /// <summary>Use as <c>command.SetAction(p => CommandRunner.Run(p, ctx => ...))</c>.</summary>
    public static int Run(ParseResult parse, Func<CliContext, int> body)
    {
        var commandName = CommandPath(parse);
        var context = CliContext.From(parse);
        var code = Run(context, body, commandName);
        try
        {
            // Closing the log file flushes its last lines: on a full disk this is where writing fails last.
            context.Dispose();
        }
        catch (IOException e) when (code == CliApp.Ok)
        {
            return Report(context, commandName, $"the log file {context.LogFile} could not be completed: {IoReason(e)}");
        }
        catch (IOException)
        {
            // The command has already failed and said why in one line; the log's own failure adds nothing.
        }
        return code;
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
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        int code;
        try
        {
            code = body(context);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var failure = Unwrap(e);
            context.Log.Debug(e, "command failed");
            code = failure switch
            {
                SatSimInputException input => ReportInput(context, input),
                UsageException usage => ReportUsage(context, commandName, usage),
                // Checked arithmetic on user-supplied sizes: a result is either right or this error, never a wrapped number.
                OverflowException overflow => Report(context, commandName,
                    $"a count exceeds the 64-bit range{(overflow.Message.StartsWith("Arithmetic operation", StringComparison.Ordinal) ? "" : $" ({FirstLine(overflow.Message)})")}; reduce the batch, image or layer sizes"),
                IOException io => Report(context, commandName, IoReason(io)),
                _ => Report(context, commandName, FirstLine(failure.Message)),
            };
        }
        try
        {
            context.Out.Flush();
        }
        catch (IOException e) when (code == CliApp.Ok)
        {
            // Output that did not reach stdout (a full disk behind a redirection) is a failure, not a success.
            code = Report(context, commandName, $"writing standard output: {IoReason(e)}");
        }
        catch (IOException)
        {
        }
        Flush(context.Error);
        return code;
    }

    /// <summary>The failure a user should see: the first inner failure of parallel work, however nested.</summary>
    internal static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            e = aggregate.InnerExceptions[0];
        }
        return e;
    }

    /// <summary>
    /// An I/O failure in one line: .NET's message ("No space left on device : '/x/.report.json.123.tmp'") with the
    /// path moved to the front, where the reader looks for it.
    /// </summary>
    internal static string IoReason(IOException e)
    {
        var message = FirstLine(e.Message);
        var at = message.LastIndexOf(" : '", StringComparison.Ordinal);
        return at > 0 && message.EndsWith('\'') ? $"{message[(at + 4)..^1]}: {message[..at]}" : message;
    }

    private static int ReportInput(CliContext context, SatSimInputException e)
    {
        foreach (var error in e.Errors)
        {
            TryWriteLine(context.Error, TextExcerpt.Sanitize(error.ToString()));
        }
        return CliApp.InputError;
    }

    private static int ReportUsage(CliContext context, string commandName, UsageException e)
    {
        TryWriteLine(context.Error, TextExcerpt.Sanitize($"satsim {commandName}: {e.Message}"));
        TryWriteLine(context.Error, $"Run 'satsim {commandName} --help' for usage.");
        return CliApp.UsageError;
    }

    private static int Report(CliContext context, string commandName, string message)
    {
        TryWriteLine(context.Error, TextExcerpt.Sanitize($"satsim {commandName}: error: {message}"));
        return CliApp.InputError;
    }

    // stderr itself may be the full disk: then there is no one left to tell, and the exit code says it.
    private static void TryWriteLine(TextWriter writer, string line)
    {
        try
        {
            writer.WriteLine(line);
        }
        catch (IOException)
        {
        }
    }

    private static void Flush(TextWriter writer)
    {
        try
        {
            writer.Flush();
        }
        catch (IOException)
        {
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
