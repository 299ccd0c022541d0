namespace Sim.Core.Monitoring;

/// <summary>
/// Records when one component (a PE array, a DMA engine) is busy and with what, so that utilization
/// over any window and a timeline (<see cref="ChromeTrace"/>) can be derived after the run.
/// </summary>
public sealed class BusyRecorder
{
    private readonly Simulation _sim;
    private readonly List<BusyInterval> _intervals = [];
    private string? _openLabel;
    private long _openStart;
    private long _busyCycles;

    public BusyRecorder(Simulation sim, string component, string? category = null)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentException.ThrowIfNullOrEmpty(component);
        _sim = sim;
        Component = component;
        Category = category;
    }

    public string Component { get; }
    public string? Category { get; }

    /// <summary>Closed intervals in the order they were recorded.</summary>
    public IReadOnlyList<BusyInterval> Intervals => _intervals;

    /// <summary>Cycles covered by closed intervals.</summary>
    public long BusyCycles => _busyCycles;

    public bool IsBusy => _openLabel is not null;

    /// <summary>Starts a busy interval at <see cref="Simulation.Now"/>.</summary>
    public void Begin(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (_openLabel is not null)
        {
            throw new InvalidOperationException($"Component '{Component}' is already busy with '{_openLabel}' since cycle {_openStart}; End() it before beginning '{label}'.");
        }
        _openLabel = label;
        _openStart = _sim.Now;
    }

    /// <summary>Ends the interval begun by <see cref="Begin"/> at <see cref="Simulation.Now"/>.</summary>
    public void End()
    {
        if (_openLabel is null)
        {
            throw new InvalidOperationException($"Component '{Component}' is not busy; Begin() must come before End().");
        }
        var label = _openLabel;
        _openLabel = null;
        Record(_openStart, _sim.Now, label);
    }

    /// <summary>Begins an interval and returns a scope whose Dispose ends it (no allocation).</summary>
    public BusyScope Busy(string label)
    {
        Begin(label);
        return new BusyScope(this);
    }

    /// <summary>Records an explicit interval [start, end).</summary>
    public void Record(long start, long end, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (start < 0 || end < start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"Interval [{start}, {end}) of component '{Component}' must have 0 <= start <= end.");
        }
        _intervals.Add(new BusyInterval(Component, label, start, end, Category));
        _busyCycles += end - start;
    }

    /// <summary>Fraction of [from, to) covered by busy intervals (an open interval counts up to Now).
    /// Overlapping explicit intervals are counted once.</summary>
    public double Utilization(long from, long to)
    {
        if (to <= from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, $"The window [{from}, {to}) is empty.");
        }
        var clipped = new List<(long Start, long End)>(_intervals.Count + 1);
        foreach (var iv in _intervals)
        {
            AddClipped(clipped, iv.Start, iv.End, from, to);
        }
        if (_openLabel is not null)
        {
            AddClipped(clipped, _openStart, _sim.Now, from, to);
        }
        clipped.Sort();
        long covered = 0, reach = from;
        foreach (var (s, e) in clipped)
        {
            var start = Math.Max(s, reach);
            if (e > start)
            {
                covered += e - start;
                reach = e;
            }
        }
        return (double)covered / (to - from);
    }

    private static void AddClipped(List<(long, long)> list, long start, long end, long from, long to)
    {
        var s = Math.Max(start, from);
        var e = Math.Min(end, to);
        if (e > s)
        {
            list.Add((s, e));
        }
    }
}
