using Sim.Components.Config;
using Sim.Vocabulary;

namespace Sim.Mapping.Tiling;

/// <summary>
/// An <see cref="IGemmPlanner"/> whose plans are monotone in the buffer capacities: a configuration whose buffers are
/// at least as large in every capacity, all else equal, gets a plan with no more estimated cycles and no more DRAM bytes
/// (<see cref="GemmPlanner.PlanMonotone"/>, the chain of <see cref="GemmPlanner.ChainFor"/>). Registered in place of
/// <see cref="OfflineGemmPlanner"/> through the composition root; docs/cost.md gives what it costs in cycles and bytes.
/// </summary>
public sealed class MonotoneGemmPlanner : IGemmPlanner
{
    public static MonotoneGemmPlanner Instance { get; } = new();

    public GemmPlan Plan(long m, long n, long k, NmPattern p, HardwareConfig hardware) => GemmPlanner.PlanMonotone(m, n, k, p, hardware);
}
