namespace Sim.Components.Accelerator;

/// <summary>
/// A simulation that cannot continue because of its input (an operand that does not fit its buffer, a dependence on
/// an operation not seen yet, a deadlock). The message is one line naming the operation, buffer and sizes, so a
/// CLI can print it as is.
/// </summary>
public sealed class SimulationError : Exception
{
    public SimulationError(string message) : base(message) { }
    public SimulationError(string message, Exception inner) : base(message, inner) { }
    public SimulationError() { }

    /// <summary>The operation the controller refused before issuing it (its checks failed), or null.</summary>
    public long? RefusedOperation { get; init; }
}
