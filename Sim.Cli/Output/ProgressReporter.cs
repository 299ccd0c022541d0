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
    public TimeSpan Interval { get; init; } = IntervalFrom(Environment.GetEnvironmentVariable(IntervalVariable));

    /// <summary>The environment variable that sets <see cref="Interval"/> in seconds (0: a line at every step).</summary>
    public const string IntervalVariable = "SATSIM_PROGRESS_SECONDS";

    /// <summary>
    /// The interval an environment value asks for: a number of seconds from 0 to a day (larger is a day); anything
    /// else (empty, negative, not a number) keeps the default of 30 s. Never throws: a hostile value must not stop
    /// every command before it starts.
    /// </summary>
    public static TimeSpan IntervalFrom(string? text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s >= 0
            ? TimeSpan.FromSeconds(Math.Min(s, 86_400))
            : TimeSpan.FromSeconds(30);

    /// <summary>Whether a command with these flags on this console should draw bars.</summary>
    public static bool ShouldDraw(bool quiet, TextWriter error) =>
        !quiet && ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && !Console.IsOutputRedirected;

    /// <summary>Runs <paramref name="work"/> with a bar of <paramref name="total"/> units (or silently).</summary>
    public T Run<T>(string description, double total, Func<IProgressSink, T> work)
    {
        if (_console is null)
        {
            if (Log is null && Lines is null)
            {
                return work(NullSink.Instance);
            }
            using var sink = new LogSink(this, description, total);
            return work(sink);
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

    /// <summary>
    /// Progress as log lines: at most one per <see cref="Interval"/>, with the share done and the elapsed time. A
    /// heartbeat thread writes one every interval even when no step ends (one long simulation, a single-layer topology),
    /// so a job log is never silent for longer than the interval; none is written after the work returns.
    /// </summary>
    private sealed class LogSink : IProgressSink, IDisposable
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly Lock _gate = new();
        private readonly ProgressReporter _owner;
        private readonly double _total;
        private readonly Thread? _heartbeat;
        private readonly ManualResetEventSlim _stop = new();
        private double _done;
        private readonly string _description;
        private string _text;
        private TimeSpan _last;
        private bool _closed;

        public LogSink(ProgressReporter owner, string description, double total)
        {
            _owner = owner;
            _total = total;
            _description = description;
            _text = description;
            if (owner.Interval > TimeSpan.Zero)
            {
                // Its own thread, not a pool timer: a sweep's parallel points keep the pool busy for the whole run.
                _heartbeat = new Thread(Heartbeat) { IsBackground = true, Name = "progress heartbeat" };
                _heartbeat.Start();
            }
        }

        private void Heartbeat()
        {
            while (!_stop.Wait(_owner.Interval))
            {
                Beat();
            }
        }

        private void Beat()
        {
            lock (_gate)
            {
                if (!_closed)
                {
                    Maybe(heartbeat: true);
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _closed = true;
            }
            _stop.Set();
            _heartbeat?.Join();
            _stop.Dispose();
        }

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

        private void Maybe(bool heartbeat = false)
        {
            var now = _clock.Elapsed;
            // A timer may fire a little early: the heartbeat accepts 90 % of the interval.
            if (now - _last < (heartbeat ? _owner.Interval * 0.9 : _owner.Interval))
            {
                return;
            }
            _last = now;
            var share = _total > 0 ? Math.Clamp(_done / _total, 0, 1) : 0;
            // Descriptions name files and layers from the input: escaped, so they cannot drive the terminal.
            var line = Sim.Vocabulary.IO.TextExcerpt.Sanitize(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"progress: {_description}: {share * 100:F0}% ({_done:0.##}/{_total:0.##}), {now.TotalSeconds:F0} s elapsed{(_text == _description ? "" : $"; {_text}")}"));
            _owner.Log?.Invoke().Information("{Progress}", line);
            if (_owner.Lines is { } lines)
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
