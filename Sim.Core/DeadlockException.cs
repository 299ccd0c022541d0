namespace Sim.Core;

/// <summary>
/// Thrown by <see cref="Simulation.Run()"/> (when <see cref="Simulation.ThrowOnDeadlock"/> is set) if the
/// event queue empties while processes still wait: a hung hardware model then says who waits on what.
/// </summary>
public sealed class DeadlockException : Exception
{
    public DeadlockException(DeadlockReport report)
        : base(report?.ToString())
    {
        Report = report;
    }

    public DeadlockException()
    {
    }

    public DeadlockException(string message)
        : base(message)
    {
    }

    public DeadlockException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DeadlockReport? Report { get; }
}
