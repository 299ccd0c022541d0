using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Mapping.Tiling;

/// <summary>
/// How one GEMM runs: tile sizes, dataflow, loop order and interleave width (output tiles whose reduction
/// steps alternate), with the cost model's estimate. Chosen per layer and stage by <see cref="GemmPlanner"/>;
/// the same plan drives the emitted operations, so estimate and trace describe the same schedule.
/// </summary>
public sealed record GemmPlan(int TileM, int TileN, int TileK, Dataflow Dataflow, LoopOrder Order, int Interleave, long EstimatedComputeCycles, long EstimatedDramBytes, long EstimatedCycles)
{
    public override string ToString() => $"{TileM}x{TileN}x{TileK} {Dataflow} {Order} interleave {Interleave} (~{EstimatedCycles} cycles, {EstimatedDramBytes} B)";
}
