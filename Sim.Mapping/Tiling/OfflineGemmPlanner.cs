using Sim.Components.Config;
using Sim.Vocabulary;

namespace Sim.Mapping.Tiling;

/// <summary>
/// SAT's offline scheduler (<see cref="GemmPlanner.Plan"/>) as the default <see cref="IGemmPlanner"/>: its plans are
/// monotone in the buffer capacities (a configuration whose buffers are at least as large in every capacity, all else
/// equal, gets a plan with no more estimated cycles and no more DRAM bytes; docs/cost.md).
/// </summary>
public sealed class OfflineGemmPlanner : IGemmPlanner
{
    public static OfflineGemmPlanner Instance { get; } = new();

    public GemmPlan Plan(long m, long n, long k, NmPattern pattern, HardwareConfig hardware) => GemmPlanner.Plan(m, n, k, pattern, hardware);
}
