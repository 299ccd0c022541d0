using System.CommandLine;
using System.Globalization;
using Sim.Workloads.Lowering;
using Spectre.Console;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim workload</c>: the size of one training iteration of a zoo model (parameters, dense and
/// effective multiply-accumulates per stage, the ideal speedup of the sparse method), so the MAC argument of
/// docs/sat.md can be checked per model before any simulation.
/// </summary>
internal static class WorkloadCommand
{
    public static Command Create()
    {
        var flags = new WorkloadOptions();
        var command = new Command("workload", "Parameters and per-stage dense/effective MACs of one training iteration.");
        flags.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse, context =>
        {
            var (model, options) = flags.Resolve(parse);
            var s = StageSummary.Of(model, options);
            var modelName = parse.GetValue(flags.Model)!;
            var layers = Sim.Studies.Models.ModelResolver.IsFile(modelName) ? Sim.Studies.Models.ImportedLayerRows.Of(Sim.Studies.Models.ModelResolver.Import(modelName), options) : null;
            if (context.Json)
            {
                context.WriteJson(Sim.Studies.Models.WorkloadSummary.Of(model, options, s, layers));
                return CliApp.Ok;
            }
            if (context.Human)
            {
                if (layers is not null)
                {
                    context.Console.Write(Sim.Cli.Output.ImportedLayersTable.Of(model.Name, layers));
                }
                var table = new Table().Title($"{model.Name}, batch {options.Batch}, {options.Method.Name()} {options.EffectivePattern}");
                table.AddColumn("stage");
                table.AddColumn(new TableColumn("dense MACs").RightAligned());
                table.AddColumn(new TableColumn("effective MACs").RightAligned());
                table.AddColumn(new TableColumn("ratio").RightAligned());
                foreach (var (name, m) in new[] { ("FP", s.Fp), ("BP", s.Bp), ("WG", s.Wg), ("WU", s.Wu), ("total", new StageMacs(s.DenseTotal, s.EffectiveTotal)) })
                {
                    var ratio = m.DenseMacs == 0 ? "-" : ((double)m.EffectiveMacs / m.DenseMacs).ToString("F4", CultureInfo.InvariantCulture);
                    table.AddRow(name, m.DenseMacs.ToString("N0", CultureInfo.InvariantCulture), m.EffectiveMacs.ToString("N0", CultureInfo.InvariantCulture), ratio);
                }
                context.Console.Write(table);
                context.Say($"parameters: {s.Parameters.ToString("N0", CultureInfo.InvariantCulture)}");
                context.Say($"ideal speedup: {s.IdealSpeedup.ToString("F4", CultureInfo.InvariantCulture)}x");
                context.Say($"N:M groups generated: {s.GenGroups.ToString("N0", CultureInfo.InvariantCulture)}; layer operations: {s.Operations.ToString(CultureInfo.InvariantCulture)}");
                context.Say($"WU counts {LoweringOptions.UpdateMacsPerParameter} multiply-adds per parameter (SGD with momentum and weight decay).");
            }
            return CliApp.Ok;
        }));
        return command;
    }
}
