using System.CommandLine;
using Sim.Studies.Cosim;
using Sim.Cli.Output;
using Sim.Studies.Output;
using Sim.Studies.Scenarios;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim run SCENARIO --out DIR</c>: the co-simulation. Trains (or times) every method of a scenario on
/// the simulated accelerator and writes report.json, layers.csv, timeline.png, timeline.trace.json and
/// accuracy.svg, then prints the methods side by side.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario YAML file (see scenarios/)." };
        var output = new Option<string?>("--out", "-o") { Description = "Output folder (default: out/<scenario name>)." };
        var command = new Command("run", """
            Train and time a scenario on the simulated SAT accelerator: accuracy against simulated time, images/s and
            energy per image per method, side by side.

            Examples:
              satsim run scenarios/quickstart.yaml
              satsim run scenarios/speedup-resnet18-cifar.yaml --out out/r18 --json
            """);
        command.Arguments.Add(scenario);
        command.Options.Add(output);
        command.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            var s = ScenarioLoader.Load(parse.GetValue(scenario)!);
            ScenarioPreflight.Check(s, ctx.Timer); // the checks validate makes, before any work
            var dir = parse.GetValue(output) ?? Path.Combine("out", s.Name);
            ctx.AttachLogFile(dir);
            ctx.Log.Information("scenario {File}: {Title}", s.SourceFile, CoSimulation.Title(s));
            var started = System.Diagnostics.Stopwatch.StartNew();
            var result = ctx.Progress.Run($"run {s.Name}", s.Workload.Methods.Count, sink => new CoSimulation(s, ctx.Log, ctx.Timer).Run(sink));
            RunArtifacts.WriteAll(dir, result.Report, result.Layers, result.Intervals, s.Hardware.ClockMHz);
            ctx.Log.Information("finished in {Seconds:F1} s wall time", started.Elapsed.TotalSeconds);
            ReportPrinter.Print(ctx, result.Report, dir);
            return CliApp.Ok;
        }));
        return command;
    }
}
