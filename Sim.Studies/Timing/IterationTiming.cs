using Sim.Components.Accelerator;
using Sim.Components.Config;
using Sim.Components.Reports;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;
using Sim.Mapping.Tiling;

namespace Sim.Studies.Timing;

/// <summary>
/// Timing-only simulation of one training iteration: the workload compiler lowers and tiles the model for
/// the hardware, the accelerator simulator executes the operation stream. The single path through which
/// sweep, compare and reproduce obtain their numbers, so they always agree with each other.
/// </summary>
public static class IterationTiming
{
    public static SimulationReport Simulate(HardwareConfig hardware, TimingRequest request, bool timeline = false)
    {
        var model = Models.ModelResolver.Graph(request.Model);
        var options = new LoweringOptions
        {
            Batch = request.Batch,
            Method = request.Method,
            Pattern = request.Pattern,
            OperandBytes = hardware.OperandBytes,
            MasterBytes = hardware.MasterBytes,
        }.EnsureValid();
        var operations = new IterationTiler(hardware).Tile(model, options);
        return AcceleratorSimulator.Run(hardware, operations, new SimulationOptions { RecordTimeline = timeline });
    }
}
