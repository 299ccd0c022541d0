using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Sim.Cli.Logging;

/// <summary>
/// Builds the Serilog logger of one command invocation: console (stderr) at Warning, Debug with
/// <c>--verbose</c>, Error with <c>--quiet</c>; plus, once the command knows its output folder, a full
/// Debug-level log file there (<see cref="LogFileName"/>) so a run can be diagnosed after the fact.
/// Loggers are per invocation (no static <c>Log.Logger</c>) so commands can run side by side in tests.
/// </summary>
public static class LogSetup
{
    /// <summary>Name of the log file written into a command's output folder.</summary>
    public const string LogFileName = "satsim.log";

    private const string ConsoleTemplate = "[{Level:u3}] {Message:lj}{NewLine}{Exception}";
    private const string FileTemplate = "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static LogEventLevel ConsoleLevel(bool quiet, bool verbose) =>
        verbose ? LogEventLevel.Debug : quiet ? LogEventLevel.Error : LogEventLevel.Warning;

    /// <summary>A logger writing to <paramref name="error"/> and, when given, to a file.</summary>
    public static Logger Create(TextWriter error, LogEventLevel consoleLevel, string? logFile)
    {
        var config = new LoggerConfiguration().MinimumLevel.Debug();
        if (ReferenceEquals(error, Console.Error))
        {
            config = config.WriteTo.Console(
                restrictedToMinimumLevel: consoleLevel,
                outputTemplate: ConsoleTemplate,
                formatProvider: CultureInfo.InvariantCulture,
                standardErrorFromLevel: LogEventLevel.Verbose);
        }
        else
        {
            var formatter = new MessageTemplateTextFormatter(ConsoleTemplate, CultureInfo.InvariantCulture);
            config = config.WriteTo.Sink(new TextWriterSink(error, formatter), consoleLevel);
        }
        if (logFile is not null)
        {
            config = config.WriteTo.File(
                logFile,
                restrictedToMinimumLevel: LogEventLevel.Debug,
                outputTemplate: FileTemplate,
                formatProvider: CultureInfo.InvariantCulture);
        }
        return config.CreateLogger();
    }
}
