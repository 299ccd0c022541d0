using System.CommandLine;
using System.Globalization;
using Sim.Studies.Scenarios;
using Sim.Components.Config;
using Sim.Workloads.Lowering;
using Sim.Mapping.Tiling;
using Spectre.Console;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim plan</c>: the offline scheduler's per-GEMM plans and their cycle estimates against the simulated cycles
/// of each (layer, stage), with the median and worst errors, so the cost model's agreement with the simulator can be
/// checked on any model and hardware.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var flags = new WorkloadOptions();
        var config = new Option<string?>("--hardware", "--config", "-c") { Description = "Hardware YAML file (a scenario, or just its 'hardware' mapping); SAT's defaults when absent." };
        var command = new Command("plan", "Offline-scheduler plans per layer and stage: estimated against simulated cycles.");
        flags.AddTo(command);
        command.Options.Add(config);
        command.SetAction(parse => CommandRunner.Run(parse, context =>
        {
            var (model, options) = flags.Resolve(parse);
            var path = parse.GetValue(config);
            var hw = path is null ? HardwareConfig.Sat : HardwareYaml.LoadFile(path);
            var rows = PlanAccuracy.Measure(model, options, hw);
            var median = PlanAccuracy.MedianAbsoluteError(rows);
            if (context.Json)
            {
                context.WriteJson(Sim.Studies.Timing.PlanSummary.Of(model, options, rows));
                return CliApp.Ok;
            }
            if (context.Human)
            {
                var table = new Table().Title($"{model.Name}, batch {options.Batch}, {options.Method.Name()}: planner estimate vs simulation");
                table.AddColumn("layer");
                table.AddColumn("stage");
                table.AddColumn(new TableColumn("estimated").RightAligned());
                table.AddColumn(new TableColumn("simulated").RightAligned());
                table.AddColumn(new TableColumn("error").RightAligned());
                table.AddColumn("plan");
                foreach (var r in rows)
                {
                    table.AddRow(Markup.Escape(r.Layer), r.Stage.ToString(), r.EstimatedCycles.ToString("N0", CultureInfo.InvariantCulture),
                        r.SimulatedCycles.ToString("N0", CultureInfo.InvariantCulture), (100 * r.Error).ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + " %", Markup.Escape(r.Plan));
                }
                context.Console.Write(table);
                var worst = rows.OrderByDescending(r => Math.Abs(r.Error)).Take(3).Select(r => $"{r.Layer}/{r.Stage} {(100 * r.Error).ToString("+0.0;-0.0", CultureInfo.InvariantCulture)} %");
                context.Say($"{rows.Count} GEMM layer-stages; median |error| {(100 * median).ToString("F1", CultureInfo.InvariantCulture)} %; worst: {string.Join(", ", worst)}");
            }
            return CliApp.Ok;
        }));
        return command;
    }
}
