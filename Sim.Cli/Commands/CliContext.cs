using System.CommandLine;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Sim.Cli.Logging;
using Sim.Cli.Output;
using Sim.Studies.Output;
using Spectre.Console;

namespace Sim.Cli.Commands;

/// <summary>
/// Everything a command needs from its invocation, resolved once from the common flags: where output goes,
/// whether to print tables or JSON, the logger, progress bars. Commands get one from
/// <see cref="CommandRunner.Run(ParseResult, Func{CliContext, int})"/> and never read the flags themselves,
/// so all commands behave alike.
/// </summary>
public sealed class CliContext : IDisposable
{
    private Logger _logger;

    public CliContext(bool json, bool quiet, bool verbose, TextWriter output, TextWriter error)
    {
        Json = json;
        Quiet = quiet;
        Verbose = verbose;
        Out = output;
        Error = error;
        ConsoleLevel = LogSetup.ConsoleLevel(quiet, verbose);
        _logger = LogSetup.Create(error, ConsoleLevel, logFile: null);
        Progress = new ProgressReporter(ProgressReporter.ShouldDraw(quiet, error));
        Console = CreateConsole(output);
    }

    /// <summary>Resolves the common flags and output streams of a parsed command line.</summary>
    public static CliContext From(ParseResult parse)
    {
        var config = parse.InvocationConfiguration;
        return new CliContext(
            parse.GetValue(CommonOptions.Json),
            parse.GetValue(CommonOptions.Quiet),
            parse.GetValue(CommonOptions.Verbose),
            config.Output,
            config.Error);
    }

    public bool Json { get; }

    public bool Quiet { get; }

    public bool Verbose { get; }

    /// <summary>stdout of the invocation (JSON or tables).</summary>
    public TextWriter Out { get; }

    /// <summary>stderr of the invocation (errors and console log).</summary>
    public TextWriter Error { get; }

    public LogEventLevel ConsoleLevel { get; }

    /// <summary>The invocation's logger (console; plus the log file after <see cref="AttachLogFile"/>).</summary>
    public ILogger Log => _logger;

    /// <summary>Path of the log file once attached.</summary>
    public string? LogFile { get; private set; }

    /// <summary>Spectre console on <see cref="Out"/>, for tables and rules in human mode.</summary>
    public IAnsiConsole Console { get; }

    public ProgressReporter Progress { get; }

    /// <summary>True when human-readable text (tables, summaries) should be printed.</summary>
    public bool Human => !Json && !Quiet;

    /// <summary>Starts writing the full log to <c>satsim.log</c> in <paramref name="outputDirectory"/>.</summary>
    public void AttachLogFile(string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var path = Path.Combine(outputDirectory, LogSetup.LogFileName);
        var next = LogSetup.Create(Error, ConsoleLevel, path);
        _logger.Dispose();
        _logger = next;
        LogFile = path;
    }

    /// <summary>Writes <paramref name="value"/> as one compact JSON line on stdout.</summary>
    public void WriteJson<T>(T value)
    {
        Out.Write(Sim.Studies.Output.Json.Serialize(value, indented: false));
        Out.Write('\n');
        Out.Flush();
    }

    /// <summary>Writes one line of human text on stdout unless <c>--json</c> or <c>--quiet</c>.</summary>
    public void Say(string line)
    {
        if (Human)
        {
            Out.Write(line);
            Out.Write('\n');
        }
    }

    public void Dispose() => _logger.Dispose();

    private static IAnsiConsole CreateConsole(TextWriter output)
    {
        var isConsole = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = isConsole ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isConsole ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isConsole ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isConsole)
        {
            console.Profile.Width = 160;
        }
        return console;
    }
}
