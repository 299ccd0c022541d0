using System.CommandLine;
using Sim.Studies.Cosim;
using Sim.Studies.Errors;
using Sim.Cli.Output;
using Sim.Studies.Output;
using Sim.Studies.Scenarios;
using Sim.Components.Config;

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
            if (Sim.Vocabulary.IO.InputPath.Problem(tracePath) is { } problem)
            {
                throw new SatSimInputException(tracePath, $"{problem}; expected an operation trace written by 'satsim trace'");
            }
            var configPath = parse.GetValue(config);
            var hw = configPath is null ? HardwareConfig.Sat : HardwareYaml.LoadFile(configPath);
            var dir = parse.GetValue(output) ?? Path.Combine("out", "replay-" + Path.GetFileNameWithoutExtension(tracePath));
            ctx.AttachLogFile(dir);
            var result = ctx.Progress.Run($"replay {Path.GetFileName(tracePath)}", 1, sink => TraceReplay.Run(tracePath, configPath, hw, ctx.Timer, ctx.Log, sink));
            RunArtifacts.WriteAll(dir, result.Report, result.Timing.Layers.Select(l => l with { Method = result.Label }), [(result.Label, result.Timing.Timeline)], hw.ClockMHz);
            ReportPrinter.Print(ctx, result.Report, dir);
            return CliApp.Ok;
        }));
        return command;
    }
}
