using Sim.Vocabulary.IO;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Sim.Studies.Errors;
using Sim.Cli.Output;
using Sim.Studies.Output;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Mapping;
using Sim.Vocabulary;
using Sim.Mapping.Tiling;
using Sim.Mapping.Traces;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim trace</c>: compiles one training iteration of a zoo model for a hardware configuration into a
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
            // GEMM tiles and element-wise work take their element width from the same hardware (operand_bytes).
            options = HardwareLowering.For(hw, options);
            var header = new TraceHeader(model.Name, Sim.Workloads.Lowering.TrainingMethods.Name(options.Method), options.EffectivePattern.ToString(), options.Batch, HardwareHash.Of(hw));
            var tiler = context.Timer.Tiler(hw);
            var counts = new long[Enum.GetValues<OpKind>().Length];
            long gemmMacs = 0, dramBytes = 0;
            var watch = Stopwatch.StartNew();
            AtomicFile.Write(outPath, stream =>
            {
                var buffered = new BufferedStream(stream, 1 << 16); // not disposed: that would close the atomic writer's stream
                using var writer = new TraceWriter(buffered, header, leaveOpen: true);
                foreach (var op in tiler.Tile(model, options))
                {
                    counts[(int)op.Kind]++;
                    if (op.Kind == OpKind.Gemm)
                    {
                        gemmMacs += op.EffectiveMacs;
                    }
                    else if (op.Kind is OpKind.Load or OpKind.Store)
                    {
                        dramBytes += op.Bytes;
                    }
                    writer.Write(op);
                }
                writer.Complete();
                buffered.Flush();
            });
            watch.Stop();
            var fileBytes = new FileInfo(outPath).Length;
            var summary = new Dictionary<string, object>
            {
                ["out"] = outPath,
                ["model"] = header.Model,
                ["method"] = header.Method,
                ["nm"] = header.Nm,
                ["batch"] = header.Batch,
                ["hardware_hash"] = header.HardwareHash,
                ["operations"] = counts.Sum(),
                ["loads"] = counts[(int)OpKind.Load],
                ["stores"] = counts[(int)OpKind.Store],
                ["gemm_tiles"] = counts[(int)OpKind.Gemm],
                ["vector_ops"] = counts[(int)OpKind.Vector],
                ["sparse_gen_ops"] = counts[(int)OpKind.SparseGen],
                ["effective_macs"] = gemmMacs,
                ["dram_bytes"] = dramBytes,
                ["estimated_gemm_cycles"] = tiler.EstimatedGemmCycles,
                ["file_bytes"] = fileBytes,
            };
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
        if (!File.Exists(path))
        {
            throw new SatSimInputException(path, "file not found; expected a trace written by 'satsim trace --out'");
        }
        var counts = new long[Enum.GetValues<OpKind>().Length];
        TraceHeader header;
        try
        {
            using var reader = TraceReader.Open(path);
            header = reader.Header;
            foreach (var op in reader.Operations())
            {
                counts[(int)op.Kind]++;
            }
        }
        catch (TraceFormatException e)
        {
            throw new SatSimInputException(e.File, e.Line, 0, e.Problem);
        }
        var summary = new Dictionary<string, object>
        {
            ["file"] = path,
            ["model"] = header.Model,
            ["method"] = header.Method,
            ["nm"] = header.Nm,
            ["batch"] = header.Batch,
            ["hardware_hash"] = header.HardwareHash,
            ["operations"] = counts.Sum(),
            ["gemm_tiles"] = counts[(int)OpKind.Gemm],
        };
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
