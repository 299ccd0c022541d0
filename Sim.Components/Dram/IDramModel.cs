namespace Sim.Components.Dram;

/// <summary>
/// A replaceable off-chip memory model: builds the memory of one simulated accelerator. The built-in
/// <see cref="BuiltInDramModel"/> is SAT's channels (bandwidth plus latency, or DDR4 bank timing); a user
/// who wants another memory (HBM, a trace-driven model, a fixed-bandwidth bound) implements this and
/// passes it in <see cref="Accelerator.SimulationOptions.Dram"/> or registers it in the studies' service
/// collection, without touching the rest of the accelerator.
/// </summary>
public interface IDramModel
{
    /// <summary>The memory of one run, whose processes live on <see cref="DramContext.Simulation"/>.</summary>
    IMemorySystem Build(DramContext context);
}
