namespace Sim.Core;

/// <summary>
/// Delivered to a process by <see cref="Process.Interrupt"/>: models preemption, cancellation or an
/// asynchronous signal (a reset, a higher-priority request) arriving while the process waits.
/// </summary>
public sealed class InterruptException : Exception
{
    public InterruptException(object? cause)
        : base(cause is null ? "The process was interrupted." : $"The process was interrupted: {cause}.")
    {
        Cause = cause;
    }

    public InterruptException()
        : this(null)
    {
    }

    public InterruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What the interrupter passed to <see cref="Process.Interrupt"/>.</summary>
    public object? Cause { get; }
}
