using System.CommandLine;
using Sim.Studies.Cosim;
using Sim.Studies.Timing;
using Sim.Studies.Errors;
using Sim.Cli.Output;
using Sim.Studies.Output;
using Sim.Studies.Reports;
using Sim.Studies.Scenarios;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Mapping.Traces;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim replay TRACE --config HW.yaml --out DIR</c>: simulates a saved operation trace (from
/// <c>satsim trace</c> or another tool) on a hardware configuration and writes the same report files as
/// <c>run</c> (no accuracy: a trace carries no numerics).
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var traceArg = new Argument<string>("trace") { Description = "Operation trace (JSON Lines, from 'satsim trace')." };
        var config = new Option<string?>("--hardware", "--config", "-c") { Description = "Hardware YAML file (a scenario, or just its 'hardware' mapping); SAT's defaults when absent." };
        var output = new Option<string?>("--out", "-o") { Description = "Output folder (default: out/replay-<trace name>)." };
        var command = new Command("replay", """
            Simulate a saved operation trace on a hardware configuration; writes report.json, layers.csv, timeline.png
            and timeline.trace.json.

            Examples:
              satsim trace --model resnet18-cifar --batch 32 --method bdwp --nm 2:8 --out r18.jsonl
              satsim replay r18.jsonl --config scenarios/quickstart.yaml --out out/r18-replay
            """);
        command.Arguments.Add(traceArg);
        command.Options.Add(config);
        command.Options.Add(output);
        command.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            var tracePath = parse.GetValue(traceArg)!;
            if (!File.Exists(tracePath))
            {
                throw new SatSimInputException(tracePath, "file not found; expected an operation trace written by 'satsim trace'");
            }
            var configPath = parse.GetValue(config);
            var hw = configPath is null ? HardwareConfig.Sat : HardwareYaml.LoadFile(configPath);
            var dir = parse.GetValue(output) ?? Path.Combine("out", "replay-" + Path.GetFileNameWithoutExtension(tracePath));
            ctx.AttachLogFile(dir);
            var (header, timing) = Simulate(tracePath, hw, ctx);
            var report = BuildReport(tracePath, configPath, hw, header, timing);
            var label = report.Methods[0].Label;
            RunArtifacts.WriteAll(dir, report, timing.Layers.Select(l => l with { Method = label }), [(label, timing.Timeline)], hw.ClockMHz);
            ReportPrinter.Print(ctx, report, dir);
            return CliApp.Ok;
        }));
        return command;
    }

    private static (TraceHeader Header, IterationTiming Timing) Simulate(string path, HardwareConfig hw, CliContext ctx)
    {
        try
        {
            using var reader = TraceReader.Open(path);
            var header = reader.Header;
            var hash = HardwareHash.Of(hw);
            if (!string.Equals(header.HardwareHash, hash, StringComparison.Ordinal))
            {
                ctx.Log.Warning("{Trace} was tiled for another hardware configuration (hash {TraceHash}, this one {Hash}); tiles may not fit or may be poorly sized",
                    path, header.HardwareHash, hash);
            }
            var m = header.Nm.Contains(':', StringComparison.Ordinal) ? NmPattern.Parse(header.Nm).M : 1;
            var timing = ctx.Progress.Run($"replay {Path.GetFileName(path)}", 1, sink =>
            {
                var t = ctx.Timer.Simulate(hw, reader.Operations(), m);
                sink.Advance();
                return t;
            });
            return (header, timing);
        }
        catch (Exception e) when (FindTraceError(e) is { } t)
        {
            // The simulation pulls operations lazily, so a bad line may surface wrapped in a simulation failure.
            throw new SatSimInputException(t.File, t.Line, 1, t.Problem);
        }
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
            Roofline = RooflineData.From(hw, timing.Layers.Select(l => l with { Method = label }), header.Method == "dense" ? [] : [Sim.Vocabulary.NmPattern.Parse(header.Nm)]),
            Files = RunArtifacts.PlannedFiles(true, true, true, false, false),
            Notes = ["A replay simulates one iteration's operation stream exactly as the trace lists it; there is no accuracy."],
        };
    }
}
