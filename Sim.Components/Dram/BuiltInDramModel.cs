namespace Sim.Components.Dram;

/// <summary>
/// SAT's memory: <see cref="Config.DramConfig.Channels"/> channels interleaving addresses, each timed by
/// bandwidth plus latency or, with <see cref="Config.DramConfig.Ddr4"/>, by DDR4 bank state (<see cref="DramSystem"/>).
/// </summary>
public sealed class BuiltInDramModel : IDramModel
{
    public static BuiltInDramModel Instance { get; } = new();

    public IMemorySystem Build(DramContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new DramSystem(context.Simulation, context.Config, context.Ideal, context.Timeline);
    }
}
