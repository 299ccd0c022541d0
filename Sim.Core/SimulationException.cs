namespace Sim.Core;

/// <summary>
/// Stops <see cref="Simulation.Run()"/> when a failure reaches nobody (a process threw and no one waits on
/// it): a silent failure would otherwise turn into a wrong answer. The message names the failed process
/// or event and the simulated time; <see cref="Exception.InnerException"/> is the original error.
/// </summary>
public sealed class SimulationException : Exception
{
    public SimulationException(string message, long time, Exception? innerException)
        : base(message, innerException)
    {
        Time = time;
    }

    public SimulationException()
    {
    }

    public SimulationException(string message)
        : base(message)
    {
    }

    public SimulationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The simulated cycle at which the failure was processed.</summary>
    public long Time { get; }
}
