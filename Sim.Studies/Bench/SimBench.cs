using System.Diagnostics;
using Sim.Components.Accelerator;
using Sim.Components.Config;
using Sim.Mapping;
using Sim.Studies.Timing;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Studies.Bench;

/// <summary>
/// The simulator benchmark of <c>satsim bench sim</c>: one training iteration of a model simulated on SAT's default
/// configuration, the operation stream generated lazily by the tiler while the simulator consumes it (the hardware
/// model's own speed). The result is one flat object: the wall time, kernel events, operations and allocation of the
/// simulation, and the simulated run's figures (docs/metrics.md, "satsim bench").
/// </summary>
public static class SimBench
{
    public static IReadOnlyDictionary<string, object> Run(ModelGraph model, LoweringOptions options, IterationTimer timer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(timer);
        var hw = HardwareConfig.Sat;
        options = HardwareLowering.For(hw, options);
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var watch = Stopwatch.StartNew();
        var tiler = timer.Tiler(hw);
        var report = AcceleratorSimulator.Run(hw, tiler.Tile(model, options), timer.Options(timeline: true));
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        return new Dictionary<string, object>
        {
            ["bench"] = "sim",
            ["model"] = model.Name,
            ["batch"] = options.Batch,
            ["method"] = TrainingMethods.Name(options.Method),
            ["nm"] = options.EffectivePattern.ToString(),
            ["operations"] = report.Operations,
            ["kernel_events"] = report.KernelEvents,
            ["wall_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 3),
            ["events_per_second"] = Math.Round(report.KernelEvents / watch.Elapsed.TotalSeconds),
            ["operations_per_second"] = Math.Round(report.Operations / watch.Elapsed.TotalSeconds),
            ["allocated_mb"] = Math.Round(allocated / 1048576.0, 1),
            // The process's peak resident set so far (Environment.WorkingSet would be the current one).
            ["peak_working_set_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
            ["simulated_cycles"] = report.TotalCycles,
            ["simulated_seconds"] = report.Seconds,
            ["compute_cycles"] = report.ComputeCycles,
            ["memory_stall_cycles"] = report.MemoryStallCycles,
            ["array_utilization"] = Math.Round(report.ArrayUtilization, 4),
            ["effective_gops"] = Math.Round(report.EffectiveGops, 2),
            ["dense_equivalent_gops"] = Math.Round(report.DenseEquivalentGops, 2),
            ["dram_gb"] = Math.Round((report.DramBytesRead + report.DramBytesWritten) / 1e9, 3),
        };
    }
}
