namespace Sim.Core;

/// <summary>
/// An event that succeeds by itself <see cref="Delay"/> cycles after it is created: the way a process
/// lets simulated time pass (a pipeline stage's latency, a DRAM burst, a compute step).
/// </summary>
public sealed class Timeout : Event
{
    internal Timeout(Simulation simulation, long delay, object? value)
        : base(simulation)
    {
        Delay = delay;
        SetTriggered(value);
        simulation.Schedule(this, delay, 0);
    }

    public long Delay { get; }

    internal override string DescribeForReport() =>
        Description is { } d ? $"timeout '{d}' ({Delay} cycles)" : $"a timeout of {Delay} cycles";
}
