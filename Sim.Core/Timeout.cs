namespace Sim.Core;

/// <summary>
/// An event that succeeds by itself <see cref="Delay"/> cycles after it is created: the way a process
/// lets simulated time pass (a pipeline stage's latency, a DRAM burst, a compute step).
/// </summary>
public sealed class Timeout : Event
{
    private long _delay;

    internal Timeout(Simulation simulation, long delay, object? value, bool pooled)
        : base(simulation)
    {
        _delay = delay;
        IsPooled = pooled;
        SetTriggered(value);
        simulation.Schedule(this, delay, 0);
    }

    public long Delay => _delay;

    /// <summary>True for the per-process reusable event of <see cref="Simulation.Delay"/>.</summary>
    public bool IsPooled { get; }

    internal void Rearm(long delay)
    {
        _delay = delay;
        ResetTriggered();
        Simulation.Schedule(this, delay, 0);
    }

    internal override string DescribeForReport() =>
        Description is { } d ? $"timeout '{d}' ({Delay} cycles)" : $"a timeout of {Delay} cycles";
}
