using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Sim.Studies.Errors;
using Sim.Studies.Traces;
using Sim.Components.Config;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim trace</c>: compiles one training iteration of a model (zoo or ONNX) for a hardware configuration into a
/// JSON Lines operation trace (<c>--out</c>, written to a temporary file and moved into place), or checks
/// and summarizes an existing trace (<c>--read</c>). The dataflow optimizations can be switched off one by
/// one so their effect on the trace (and on simulated time) can be measured.
/// </summary>
internal static class TraceCommand
{
    public static Command Create()
    {
        var flags = new WorkloadOptions(modelRequired: false);
        var output = new Option<string?>("--out") { Description = "Trace file to write (JSON Lines)." };
        var read = new Option<string?>("--read") { Description = "Check an existing trace file and print its summary instead of writing one." };
        var hardware = new Option<string?>("--hardware", "--config", "-c") { Description = "Hardware YAML file (a scenario's 'hardware' section); SAT's defaults when absent." };
        var noInterleave = new Option<bool>("--no-interleave") { Description = "Switch interleave mapping off." };
        var noPregen = new Option<bool>("--no-pregen") { Description = "Switch pre-generation of N:M weights off (generate on the critical path)." };
        var noSchedule = new Option<bool>("--no-offline-scheduling") { Description = "Switch offline scheduling off (fixed OS dataflow, array-sized tiles)." };
        var command = new Command("trace", "Write one training iteration as a hardware operation trace (JSON Lines), or check one.");
        flags.AddTo(command);
        foreach (var o in new Option[] { output, read, hardware, noInterleave, noPregen, noSchedule })
        {
            command.Options.Add(o);
        }
        command.SetAction(parse => CommandRunner.Run(parse, context =>
        {
            var readPath = parse.GetValue(read);
            if (readPath is not null)
            {
                return Check(context, readPath);
            }
            var outPath = parse.GetValue(output) ?? throw new UsageException("--out is required (or --read to check a trace)");
            context.PrepareOutput(Path.GetDirectoryName(Path.GetFullPath(outPath)) ?? ".");
            var (model, options) = flags.Resolve(parse);
            var hwPath = parse.GetValue(hardware);
            var hw = hwPath is null ? HardwareConfig.Sat : Sim.Studies.Scenarios.HardwareYaml.LoadFile(hwPath);
            hw = hw with
            {
                Optimizations = hw.Optimizations with
                {
                    Interleave = hw.Optimizations.Interleave && !parse.GetValue(noInterleave),
                    PreGeneration = hw.Optimizations.PreGeneration && !parse.GetValue(noPregen),
                    OfflineScheduling = hw.Optimizations.OfflineScheduling && !parse.GetValue(noSchedule),
                },
            };
            var watch = Stopwatch.StartNew();
            var summary = context.Progress.Run($"trace {model.Name}", 1, sink => TraceFiles.Write(outPath, model, options, hw, context.Timer, sink));
            watch.Stop();
            if (context.Json)
            {
                context.WriteJson(summary);
            }
            else
            {
                foreach (var (key, value) in summary)
                {
                    context.Say($"{key}: {Convert.ToString(value, CultureInfo.InvariantCulture)}");
                }
                context.Say($"seconds: {watch.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)}");
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static int Check(CliContext context, string path)
    {
        var summary = TraceFiles.Check(path);
        if (context.Json)
        {
            context.WriteJson(summary);
        }
        else
        {
            foreach (var (key, value) in summary)
            {
                context.Say($"{key}: {Convert.ToString(value, CultureInfo.InvariantCulture)}");
            }
        }
        return CliApp.Ok;
    }
}
