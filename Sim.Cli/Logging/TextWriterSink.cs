using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Sim.Cli.Logging;

/// <summary>
/// A Serilog sink onto any <see cref="TextWriter"/>: used when a command's error stream is not the process
/// console (tests capture it), where the colored console sink would bypass the capture.
/// </summary>
internal sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
