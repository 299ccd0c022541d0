namespace Sim.Core;

/// <summary>How a <see cref="Simulation"/> registered by <c>services.AddSimulation(...)</c> is built.</summary>
public sealed record SimulationOptions
{
    public ulong Seed { get; init; }
    public bool ThrowOnDeadlock { get; init; }
}
