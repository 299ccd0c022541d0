using System.CommandLine;
using System.Diagnostics;
using Sim.Components.Accelerator;
using Sim.Components.Config;
using Sim.Mapping;
using Sim.Mapping.Tiling;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim bench sim --model resnet18 --batch 32 --method bdwp</c>: wall time, kernel events and operations of
/// simulating one training iteration on the default SAT configuration (the hardware model's own speed), as one JSON line.
/// The operation stream is generated lazily by the tiler while the simulator consumes it.
/// </summary>
internal static class BenchSimCommand
{
    public static Command Create()
    {
        var flags = new WorkloadOptions();
        var command = new Command("sim", "Simulate one training iteration of a model (zoo or .onnx file) on the default SAT configuration; report speed.");
        flags.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            var (model, options) = flags.Resolve(parse);
            var hw = HardwareConfig.Sat;
            options = HardwareLowering.For(hw, options);
            var before = GC.GetTotalAllocatedBytes(precise: false);
            var watch = Stopwatch.StartNew();
            var timer = ctx.Timer;
            var tiler = timer.Tiler(hw);
            var report = AcceleratorSimulator.Run(hw, tiler.Tile(model, options), timer.Options(timeline: true));
            watch.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
            ctx.WriteJson(new Dictionary<string, object>
            {
                ["benchmark"] = "sim",
                ["model"] = model.Name,
                ["batch"] = options.Batch,
                ["method"] = options.Method.ToString(),
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
            });
            return CliApp.Ok;
        }));
        return command;
    }
}
