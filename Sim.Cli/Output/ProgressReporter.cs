using Sim.Studies.Output;
using Spectre.Console;

namespace Sim.Cli.Output;

/// <summary>
/// Progress bars for long work, drawn by Spectre.Console on stderr (stdout stays clean for <c>--json</c>).
/// No bar under <c>--quiet</c> or whenever stdout or stderr is redirected (pipes, CI logs, tests), where a
/// live bar would only fill the log with control codes: there progress is logged as plain lines at a modest rate.
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

    /// <summary>Where progress is logged when no bar is drawn (null: nowhere).</summary>
    public Func<Serilog.ILogger>? Log { get; init; }

    /// <summary>Where progress lines are also written when no bar is drawn (the redirected stderr of a job), or null.</summary>
    public TextWriter? Lines { get; init; }

    /// <summary>
    /// Least time between two progress lines without a bar: 30 s by default (a modest rate for job logs),
    /// <c>SATSIM_PROGRESS_SECONDS</c> overrides it.
    /// </summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("SATSIM_PROGRESS_SECONDS"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s >= 0 ? s : 30);

    /// <summary>Whether a command with these flags on this console should draw bars.</summary>
    public static bool ShouldDraw(bool quiet, TextWriter error) =>
        !quiet && ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && !Console.IsOutputRedirected;

    /// <summary>Runs <paramref name="work"/> with a bar of <paramref name="total"/> units (or silently).</summary>
    public T Run<T>(string description, double total, Func<IProgressSink, T> work)
    {
        if (_console is null)
        {
            return Log is null && Lines is null ? work(NullSink.Instance) : work(new LogSink(this, description, total));
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

    /// <summary>Progress as log lines: at most one per <see cref="Interval"/>, with the share done and the elapsed time.</summary>
    private sealed class LogSink(ProgressReporter owner, string description, double total) : IProgressSink
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly Lock _gate = new();
        private double _done;
        private readonly string _description = description;
        private string _text = description;
        private TimeSpan _last;

        public void Advance(double amount = 1)
        {
            lock (_gate)
            {
                _done += amount;
                Maybe();
            }
        }

        public void Describe(string text)
        {
            lock (_gate)
            {
                _text = text;
                Maybe();
            }
        }

        private void Maybe()
        {
            var now = _clock.Elapsed;
            if (now - _last < owner.Interval)
            {
                return;
            }
            _last = now;
            var share = total > 0 ? Math.Clamp(_done / total, 0, 1) : 0;
            var line = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"progress: {_description}: {share * 100:F0}% ({_done:0.##}/{total:0.##}), {now.TotalSeconds:F0} s elapsed{(_text == _description ? "" : $"; {_text}")}");
            owner.Log?.Invoke().Information("{Progress}", line);
            if (owner.Lines is { } lines)
            {
                lines.WriteLine(line);
                lines.Flush();
            }
        }
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
