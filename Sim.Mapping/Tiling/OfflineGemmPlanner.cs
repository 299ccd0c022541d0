using Sim.Components.Config;
using Sim.Vocabulary;

namespace Sim.Mapping.Tiling;

/// <summary>SAT's offline scheduler (<see cref="GemmPlanner"/>) as the default <see cref="IGemmPlanner"/>.</summary>
public sealed class OfflineGemmPlanner : IGemmPlanner
{
    public static OfflineGemmPlanner Instance { get; } = new();

    public GemmPlan Plan(long m, long n, long k, NmPattern pattern, HardwareConfig hardware) => GemmPlanner.Plan(m, n, k, pattern, hardware);
}
