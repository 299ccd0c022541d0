using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Sim.Cli.Logging;
using Sim.Cli.Output;
using Sim.Studies.Composition;
using Sim.Studies.Output;
using Sim.Studies.Timing;
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
    private ServiceProvider? _services;

    public CliContext(bool json, bool quiet, bool verbose, TextWriter output, TextWriter error)
    {
        Json = json;
        Quiet = quiet;
        Verbose = verbose;
        Out = output;
        Error = error;
        ConsoleLevel = LogSetup.ConsoleLevel(quiet, verbose);
        _logger = LogSetup.Create(error, ConsoleLevel, logFile: null);
        Progress = new ProgressReporter(ProgressReporter.ShouldDraw(quiet, error))
        {
            // Without a terminal (a cluster job, a pipe) progress goes to the log at a modest rate instead of a bar,
            // and to the real stderr unless --quiet; captured writers (tests) only get the log.
            Log = () => _logger,
            Lines = !quiet && !verbose && ReferenceEquals(error, System.Console.Error) ? error : null,
        };
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

    /// <summary>
    /// Checks before any work that <paramref name="outputDirectory"/> can be written (creating it) and removes
    /// staging folders and temporary files that killed runs left there; an unwritable folder is one input error.
    /// </summary>
    public void PrepareOutput(string outputDirectory) => ReportRemoved(Prepare(outputDirectory), outputDirectory);

    private void ReportRemoved(int removed, string outputDirectory)
    {
        if (removed > 0)
        {
            _logger.Information("removed {Count} staging folder(s) or temporary file(s) left in {Dir} by runs that were killed", removed, outputDirectory);
        }
    }

    private static int Prepare(string outputDirectory)
    {
        try
        {
            return Sim.Vocabulary.IO.OutputFolder.Prepare(outputDirectory);
        }
        catch (IOException e)
        {
            throw new Sim.Studies.Errors.SatSimInputException(outputDirectory, e.Message.StartsWith(outputDirectory + ": ", StringComparison.Ordinal) ? e.Message[(outputDirectory.Length + 2)..] : e.Message);
        }
    }

    /// <summary>Starts writing the full log to <c>satsim.log</c> in <paramref name="outputDirectory"/>.</summary>
    public void AttachLogFile(string outputDirectory)
    {
        var removed = Prepare(outputDirectory);
        var path = Path.Combine(outputDirectory, LogSetup.LogFileName);
        var next = LogSetup.Create(Error, ConsoleLevel, path);
        _logger.Dispose();
        _logger = next;
        LogFile = path;
        ReportRemoved(removed, outputDirectory);
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

    /// <summary>
    /// The studies' services (<see cref="StudyServiceCollectionExtensions.AddSatSimStudies"/>), built on first use:
    /// commands resolve the timing pipeline, cost model and sweep strategies here, as a script would.
    /// </summary>
    public IServiceProvider Services => _services ??= StudyServiceCollectionExtensions.BuildSatSimStudies();

    /// <summary>The iteration timer of <see cref="Services"/>.</summary>
    public IterationTimer Timer => Services.GetRequiredService<IterationTimer>();

    public void Dispose()
    {
        _logger.Dispose();
        _services?.Dispose();
    }

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
