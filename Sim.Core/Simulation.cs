using System.Runtime.CompilerServices;
using Serilog;
using Serilog.Events;

namespace Sim.Core;

/// <summary>
/// The simulation environment in the SimSharp/SimPy process-interaction style: it owns simulated time
/// (integer cycles, so hardware latencies add up exactly), the future event list, and the processes.
/// Models create events and processes through it, then call <see cref="Run()"/>.
/// </summary>
public sealed class Simulation
{
    /// <summary>Priority of process start-up and interrupts: before anything else at the same time.</summary>
    internal const int UrgentPriority = int.MinValue;

    private readonly EventQueue _queue = new();
    private long _now;
    private long _processed;
    private ILogger? _logger;
    private ILogger? _trace;
    private Process? _firstAlive;
    private Process? _lastAlive;
    private int _processCount;
    // Descriptions are rare (deadlock reports, logs), so they live here rather than in every event.
    private ConditionalWeakTable<Event, string>? _descriptions;

    public Simulation(ulong seed = 0)
    {
        Seed = seed;
        Random = new SplitMix64(seed);
    }

    /// <summary>Current simulated time in cycles.</summary>
    public long Now => _now;

    /// <summary>Number of events processed so far.</summary>
    public long ProcessedEvents => _processed;

    /// <summary>Number of events scheduled but not yet processed.</summary>
    public int ScheduledEvents => _queue.Count;

    /// <summary>The seed given at construction; models derive their random streams from it.</summary>
    public ulong Seed { get; }

    /// <summary>A generator seeded with <see cref="Seed"/>, for models that need one shared stream.</summary>
    public SplitMix64 Random { get; }

    /// <summary>The process whose iterator is running right now (null between events).</summary>
    public Process? ActiveProcess { get; internal set; }

    /// <summary>When true, <see cref="Run()"/> throws <see cref="DeadlockException"/> if the queue empties
    /// while processes still wait; otherwise the caller may ask <see cref="DeadlockReport"/>.</summary>
    public bool ThrowOnDeadlock { get; set; }

    /// <summary>Optional logger. At Verbose level every processed event is logged; otherwise logging
    /// costs one null check per event.</summary>
    public ILogger? Logger
    {
        get => _logger;
        set
        {
            _logger = value;
            _trace = value is not null && value.IsEnabled(LogEventLevel.Verbose) ? value : null;
        }
    }

    /// <summary>A generator for an independent stream derived from <see cref="Seed"/> and <paramref name="stream"/>.</summary>
    public SplitMix64 CreateRandom(ulong stream) => new(new SplitMix64(Seed ^ (stream * 0x9E3779B97F4A7C15UL)).Next());

    public Timeout Timeout(long delay) => Timeout(delay, null);

    public Timeout Timeout(long delay, object? value)
    {
        if (delay < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A timeout's delay must be >= 0 cycles.");
        }
        return new Timeout(this, delay, value, pooled: false);
    }

    /// <summary>
    /// Like <see cref="Timeout(long)"/> but without allocating: each process owns one delay event that it
    /// re-arms on every call. Only for <c>yield return sim.Delay(n);</c> inside a process: the returned
    /// event is reused by that process's next <c>Delay</c>, so do not keep it, and it cannot join
    /// <see cref="AllOf(Event[])"/>/<see cref="AnyOf(Event[])"/> or take callbacks (use <see cref="Timeout(long)"/> there).
    /// </summary>
    public Timeout Delay(long delay)
    {
        if (delay < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delay must be >= 0 cycles.");
        }
        var process = ActiveProcess ?? throw new InvalidOperationException("Delay() is for use inside a running process; use Timeout() elsewhere.");
        var t = process.DelayEvent;
        if (t is not null && t.IsProcessed)
        {
            t.Rearm(delay);
            return t;
        }
        // First delay of this process, or its last one is still scheduled (the process was interrupted).
        t = new Timeout(this, delay, null, pooled: true);
        process.DelayEvent = t;
        return t;
    }

    public Event Event() => new(this);

    /// <summary>Starts a process: its iterator first runs at the current time, before other events at this time.</summary>
    public Process Process(IEnumerable<Event> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var id = ++_processCount;
        return new Process(this, body.GetEnumerator(), name ?? DefaultName(body, id));
    }

    public AllOf AllOf(params Event[] events) => new(this, events);

    public AllOf AllOf(IEnumerable<Event> events) => new(this, events);

    public AnyOf AnyOf(params Event[] events) => new(this, events);

    public AnyOf AnyOf(IEnumerable<Event> events) => new(this, events);

    /// <summary>Runs until the event queue is empty.</summary>
    public void Run()
    {
        // Step() inlined by hand: this loop is the kernel's hot path.
        var queue = _queue;
        while (queue.Count > 0)
        {
            var ev = queue.Pop(out _now);
            _processed++;
            if (_trace is not null)
            {
                _trace.Verbose("cycle {Now}: {Event}", _now, ev.DescribeForReport());
            }
            ev.Fire();
        }
        CheckDeadlock();
    }

    /// <summary>Runs until time <paramref name="until"/>: events at <paramref name="until"/> are not processed,
    /// and <see cref="Now"/> is <paramref name="until"/> afterwards.</summary>
    public void Run(long until)
    {
        if (until < _now)
        {
            throw new ArgumentOutOfRangeException(nameof(until), until, $"Cannot run until cycle {until}: the simulation is already at cycle {_now}.");
        }
        while (_queue.Count > 0 && _queue.PeekTime < until)
        {
            Step();
        }
        if (_queue.Count == 0)
        {
            CheckDeadlock();
        }
        _now = until;
    }

    /// <summary>Runs until <paramref name="until"/> has been processed. Throws <see cref="SimulationException"/>
    /// (with the deadlock report, if any) when the queue empties first.</summary>
    public void Run(Event until)
    {
        ArgumentNullException.ThrowIfNull(until);
        while (!until.IsProcessed)
        {
            if (!Step())
            {
                var report = DeadlockReport();
                var text = $"The queue emptied at cycle {_now} before {until.DescribeForReport()} was processed.";
                throw new SimulationException(report is null ? text : text + "\n" + report, _now, null);
            }
        }
    }

    /// <summary>Processes the next event; false when the queue is empty.</summary>
    public bool Step()
    {
        if (_queue.Count == 0)
        {
            return false;
        }
        var ev = _queue.Pop(out _now);
        _processed++;
        if (_trace is not null)
        {
            _trace.Verbose("cycle {Now}: {Event}", _now, ev.DescribeForReport());
        }
        ev.Fire();
        return true;
    }

    /// <summary>Who waits on what, when the queue is empty and processes still wait; otherwise null.</summary>
    public DeadlockReport? DeadlockReport()
    {
        if (_queue.Count > 0 || _firstAlive is null)
        {
            return null;
        }
        var waiting = new List<WaitingProcess>();
        for (var p = _firstAlive; p is not null; p = p.NextAlive)
        {
            waiting.Add(new WaitingProcess(p.Name, p.Target?.DescribeForReport() ?? "nothing"));
        }
        return new DeadlockReport(_now, waiting);
    }

    internal void Schedule(Event ev, long delay, int priority) => _queue.Push(_now + delay, priority, ev);

    internal EventQueue Queue => _queue;

    internal string? GetDescription(Event ev) => _descriptions is not null && _descriptions.TryGetValue(ev, out var d) ? d : null;

    internal void SetDescription(Event ev, string? description)
    {
        _descriptions ??= new ConditionalWeakTable<Event, string>();
        if (description is null)
        {
            _descriptions.Remove(ev);
        }
        else
        {
            _descriptions.AddOrUpdate(ev, description);
        }
    }

    internal void OnUnobservedFailure(Event ev)
    {
        var error = ev.Error!;
        var what = ev is Process p ? p.DescribeFailure() : ev.DescribeForReport();
        throw new SimulationException($"Unhandled failure at cycle {_now}: {what} failed with {error.GetType().Name}: {error.Message}", _now, error);
    }

    internal void Register(Process p)
    {
        if (_lastAlive is null)
        {
            _firstAlive = _lastAlive = p;
        }
        else
        {
            _lastAlive.NextAlive = p;
            p.PrevAlive = _lastAlive;
            _lastAlive = p;
        }
    }

    internal void Unregister(Process p)
    {
        if (p.PrevAlive is null)
        {
            _firstAlive = p.NextAlive;
        }
        else
        {
            p.PrevAlive.NextAlive = p.NextAlive;
        }
        if (p.NextAlive is null)
        {
            _lastAlive = p.PrevAlive;
        }
        else
        {
            p.NextAlive.PrevAlive = p.PrevAlive;
        }
        p.PrevAlive = p.NextAlive = null;
    }

    private void CheckDeadlock()
    {
        if (ThrowOnDeadlock && DeadlockReport() is { } report)
        {
            throw new DeadlockException(report);
        }
    }

    // "<Producer>d__3" (the compiler's iterator class of method Producer) -> "Producer#3".
    private static string DefaultName(IEnumerable<Event> body, int id)
    {
        // Local functions compile to "<<Outer>g__Local|4_0>d__0".
        var typeName = body.GetType().Name;
        string stem;
        var local = typeName.IndexOf("g__", StringComparison.Ordinal);
        if (local >= 0 && typeName.IndexOf('|', local) is var bar and > 0)
        {
            stem = typeName[(local + 3)..bar];
        }
        else
        {
            var open = typeName.IndexOf('<');
            var close = typeName.IndexOf('>');
            stem = open >= 0 && close > open + 1 ? typeName[(open + 1)..close] : "process";
        }
        return $"{stem}#{id}";
    }
}
