namespace Sim.Core.Monitoring;

/// <summary>
/// Tracks a level over simulated time (buffer occupancy, queue length) and its time-weighted average,
/// which, unlike a plain average of samples, is not biased by how often the level changes.
/// </summary>
public sealed class LevelMonitor
{
    private readonly Simulation _sim;
    private readonly long _start;
    private long _lastChange;
    private double _area;

    public LevelMonitor(Simulation sim, string name)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _sim = sim;
        Name = name;
        _start = _lastChange = sim.Now;
    }

    public string Name { get; }

    /// <summary>The current level (0 until first set).</summary>
    public double Current { get; private set; }

    public double Max { get; private set; }
    public double Min { get; private set; }

    /// <summary>Sets the level from <see cref="Simulation.Now"/> on.</summary>
    public void Set(double level)
    {
        if (double.IsNaN(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"Level monitor '{Name}' cannot take NaN.");
        }
        var now = _sim.Now;
        _area += Current * (now - _lastChange);
        _lastChange = now;
        Current = level;
        Max = Math.Max(Max, level);
        Min = Math.Min(Min, level);
    }

    /// <summary>The time-weighted mean level from the monitor's creation to <paramref name="until"/>
    /// (the current level is assumed to hold until then).</summary>
    public double TimeAverage(long until)
    {
        if (until < _lastChange)
        {
            throw new ArgumentOutOfRangeException(nameof(until), until, $"Level monitor '{Name}' last changed at cycle {_lastChange}; average until a later time.");
        }
        if (until == _start)
        {
            return Current;
        }
        return (_area + Current * (until - _lastChange)) / (until - _start);
    }
}
