using Sim.Workloads.Lowering;

namespace Sim.Training.Engine;

/// <summary>
/// Sink for the layer-level operations the engine executes, in the workload compiler's own vocabulary
/// (<see cref="LayerOp"/>), so the timing simulator can replay exactly what ran.
/// </summary>
public interface IOpRecorder
{
    void Record(LayerOp op);
}
