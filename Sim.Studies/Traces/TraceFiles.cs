using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Mapping;
using Sim.Mapping.Traces;
using Sim.Studies.Errors;
using Sim.Studies.Timing;
using Sim.Vocabulary.IO;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Studies.Traces;

/// <summary>
/// <c>satsim trace</c>'s engine: writes one training iteration, tiled for a hardware configuration, as a JSON Lines
/// operation trace (streamed to a temporary file and moved into place), or checks an existing trace; either way it
/// returns the trace's summary (the keys <c>satsim trace</c> prints, in order).
/// </summary>
public static class TraceFiles
{
    /// <summary>Tiles one iteration of <paramref name="model"/> (element widths from <paramref name="hw"/>) into <paramref name="outPath"/>.</summary>
    public static IReadOnlyDictionary<string, object> Write(string outPath, ModelGraph model, LoweringOptions options, HardwareConfig hw, IterationTimer timer) =>
        Write(outPath, model, options, hw, timer, null);

    /// <summary>As <see cref="Write(string, ModelGraph, LoweringOptions, HardwareConfig, IterationTimer)"/>, describing on <paramref name="progress"/> how many operations are written.</summary>
    public static IReadOnlyDictionary<string, object> Write(string outPath, ModelGraph model, LoweringOptions options, HardwareConfig hw, IterationTimer timer, Output.IProgressSink? progress)
    {
        // GEMM tiles and element-wise work take their element width from the same hardware (operand_bytes).
        options = HardwareLowering.For(hw, options);
        var header = new TraceHeader(model.Name, TrainingMethods.Name(options.Method), options.EffectivePattern.ToString(), options.Batch, HardwareHash.Of(hw));
        var tiler = timer.Tiler(hw);
        var counts = new long[Enum.GetValues<OpKind>().Length];
        long gemmMacs = 0, dramBytes = 0, written = 0;
        AtomicFile.Write(outPath, stream =>
        {
            var buffered = new BufferedStream(stream, 1 << 16); // not disposed: that would close the atomic writer's stream
            using var writer = new TraceWriter(buffered, header, leaveOpen: true);
            foreach (var op in tiler.Tile(model, options))
            {
                if ((++written & 0xFFFF) == 0)
                {
                    progress?.Describe($"{written} operations written");
                }
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
        progress?.Advance();
        return new Dictionary<string, object>
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
            ["file_bytes"] = new FileInfo(outPath).Length,
        };
    }

    /// <summary>Reads a whole trace, checking every line; a malformed one is an input error with its line.</summary>
    public static IReadOnlyDictionary<string, object> Check(string path)
    {
        if (InputPath.Problem(path) is { } problem)
        {
            throw new SatSimInputException(path, $"{problem}; expected a trace written by 'satsim trace --out'");
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
        return new Dictionary<string, object>
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
    }
}
