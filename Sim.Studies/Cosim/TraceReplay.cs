using Serilog;
using Sim.Components.Accelerator;
using Sim.Components.Config;
using Sim.Mapping.Traces;
using Sim.Studies.Errors;
using Sim.Studies.Output;
using Sim.Studies.Reports;
using Sim.Studies.Scenarios;
using Sim.Studies.Timing;
using Sim.Vocabulary;

namespace Sim.Studies.Cosim;

/// <summary>
/// <c>satsim replay</c>'s engine: simulates a saved operation trace (from <c>satsim trace</c> or another tool)
/// on a hardware configuration and builds the same report as a run (no accuracy: a trace carries no numerics).
/// A malformed trace line is an input error naming the file and line, wherever the simulation pulled it.
/// </summary>
public static class TraceReplay
{
    /// <summary>What a replay produced: the report and the iteration's timing (layers and timeline for their files).</summary>
    public sealed record Result(RunReport Report, IterationTiming Timing)
    {
        /// <summary>The report's one method label.</summary>
        public string Label => Report.Methods[0].Label;
    }

    /// <summary>Simulates the trace at <paramref name="tracePath"/> on <paramref name="hw"/> (read from <paramref name="configPath"/>, null: SAT's defaults; named in the report's inputs).</summary>
    public static Result Run(string tracePath, string? configPath, HardwareConfig hw, IterationTimer timer, ILogger log, IProgressSink progress)
    {
        if (Sim.Vocabulary.IO.InputPath.Problem(tracePath) is { } problem)
        {
            throw new SatSimInputException(tracePath, $"{problem}; expected an operation trace written by 'satsim trace'");
        }
        var last = new LastRead();
        try
        {
            using var reader = TraceReader.Open(tracePath);
            var header = reader.Header;
            var hash = HardwareHash.Of(hw);
            if (!string.Equals(header.HardwareHash, hash, StringComparison.Ordinal))
            {
                log.Warning("{Trace} was tiled for another hardware configuration (hash {TraceHash}, this one {Hash}); tiles may not fit or may be poorly sized",
                    tracePath, header.HardwareHash, hash);
            }
            var m = header.Nm.Contains(':', StringComparison.Ordinal) ? NmPattern.Parse(header.Nm).M : 1;
            var timing = timer.Simulate(hw, Track(reader, last), m);
            progress.Advance();
            return new Result(BuildReport(tracePath, configPath, hw, header, timing), timing);
        }
        catch (Exception e) when (FindTraceError(e) is { } t)
        {
            // The simulation pulls operations lazily, so a bad line may surface wrapped in a simulation failure.
            throw new SatSimInputException(t.File, t.Line, 1, t.Problem);
        }
        catch (SimulationError e) when (e.RefusedOperation is { } id && id == last.Id)
        {
            // The controller checks each operation as it pulls it, so the refused one is the line just read.
            throw new SatSimInputException(tracePath, last.Line, 1, e.Message);
        }
        catch (Exception e) when (last.Line > 0 && Find<OverflowException>(e) is not null)
        {
            throw new SatSimInputException(tracePath, last.Line, 1, $"by operation {last.Id} the iteration's counts exceed the 64-bit range; expected a trace of smaller tiles");
        }
    }

    /// <summary>The id and line of the operation the simulation pulled last.</summary>
    private sealed class LastRead
    {
        public long Id = -1;
        public int Line;
    }

    private static IEnumerable<Sim.Components.Operations.Operation> Track(TraceReader reader, LastRead last)
    {
        foreach (var op in reader.Operations())
        {
            last.Id = op.Id;
            last.Line = reader.Line;
            yield return op;
        }
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T t)
            {
                return t;
            }
        }
        return null;
    }

    private static TraceFormatException? FindTraceError(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is TraceFormatException t)
            {
                return t;
            }
        }
        return null;
    }

    private static RunReport BuildReport(string tracePath, string? configPath, HardwareConfig hw, TraceHeader header, IterationTiming timing)
    {
        var label = header.Nm is "dense" or "1:1" ? header.Method : $"{header.Method} {header.Nm}";
        var run = new MethodRun(Sim.Workloads.Lowering.TrainingMethods.Parse(header.Method), label, header.Nm, hw.ClockMHz);
        run.AddIterations(timing, header.Batch, fullBatch: true);
        var reuse = new SimulationReuse(1, 0, "the trace was simulated once");
        var title = $"replay of {Path.GetFileName(tracePath)}: {header.Model}, {label}, batch {header.Batch}, {hw.ArrayRows}x{hw.ArrayCols} PEs";
        return new RunReport
        {
            Kind = "replay",
            Title = title,
            Versions = ToolVersions.Current(),
            Inputs = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["trace_file"] = Path.GetFileName(tracePath),
                ["trace_hardware_hash"] = header.HardwareHash,
                ["config_file"] = configPath is null ? "(SAT defaults)" : Path.GetFileName(configPath),
                ["config_hardware_hash"] = HardwareHash.Of(hw),
            },
            Hardware = HardwareYaml.Describe(hw),
            Workload = new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["model"] = header.Model,
                ["method"] = header.Method,
                ["nm"] = header.Nm,
                ["batch"] = header.Batch,
            },
            Methods = [run.ToResult(null, reuse)],
            Timelines = [TimelineBuilder.Build(label, timing.Timeline, timing.Cycles, 200, hw.ClockMHz)],
            Roofline = RooflineData.From(hw, timing.Layers.Select(l => l with { Method = label }), header.Method == "dense" ? [] : [NmPattern.Parse(header.Nm)]),
            Files = RunArtifacts.PlannedFiles(true, true, true, false, false),
            Notes = ["A replay simulates one iteration's operation stream exactly as the trace lists it; there is no accuracy."],
        };
    }
}
