using Sim.Studies.Output;
using Spectre.Console;

namespace Sim.Cli.Output;

/// <summary>
/// Progress bars for long work, drawn by Spectre.Console on stderr (stdout stays clean for <c>--json</c>).
/// Silent under <c>--quiet</c> and whenever stdout or stderr is redirected (pipes, CI logs, tests), where a
/// live bar would only fill the log with control codes.
/// </summary>
public sealed class ProgressReporter : IProgressDisplay
{
    private readonly IAnsiConsole? _console;

    public ProgressReporter(bool enabled)
    {
        Enabled = enabled;
        if (enabled)
        {
            _console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(Console.Error),
                Ansi = AnsiSupport.Detect,
                ColorSystem = ColorSystemSupport.Detect,
                Interactive = InteractionSupport.Detect,
            });
        }
    }

    /// <summary>True when bars are drawn.</summary>
    public bool Enabled { get; }

    /// <summary>Whether a command with these flags on this console should draw bars.</summary>
    public static bool ShouldDraw(bool quiet, TextWriter error) =>
        !quiet && ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && !Console.IsOutputRedirected;

    /// <summary>Runs <paramref name="work"/> with a bar of <paramref name="total"/> units (or silently).</summary>
    public T Run<T>(string description, double total, Func<IProgressSink, T> work)
    {
        if (_console is null)
        {
            return work(NullSink.Instance);
        }
        return _console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1e-9));
                return work(new SpectreSink(task));
            });
    }

    /// <summary>Runs <paramref name="work"/> with a bar (or silently).</summary>
    public void Run(string description, double total, Action<IProgressSink> work) =>
        Run(description, total, sink =>
        {
            work(sink);
            return 0;
        });

    private sealed class SpectreSink(ProgressTask task) : IProgressSink
    {
        public void Advance(double amount = 1) => task.Increment(amount);

        public void Describe(string text) => task.Description = Markup.Escape(text);
    }

    private sealed class NullSink : IProgressSink
    {
        public static readonly NullSink Instance = new();

        public void Advance(double amount = 1)
        {
        }

        public void Describe(string text)
        {
        }
    }
}
