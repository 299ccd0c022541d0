using Sim.Components.Config;
using Sim.Vocabulary;

namespace Sim.Mapping.Tiling;

/// <summary>
/// A replaceable GEMM planner: chooses dataflow, tile sizes and loop order for one GEMM shape on a hardware
/// configuration. <see cref="IterationTiler"/> asks it once per shape; the built-in one is SAT's offline
/// scheduler (<see cref="OfflineGemmPlanner"/>). Implementations must be deterministic and thread-safe
/// (sweeps tile in parallel), and return a plan whose tiles fit the buffers.
/// </summary>
public interface IGemmPlanner
{
    GemmPlan Plan(long m, long n, long k, NmPattern pattern, HardwareConfig hardware);
}
