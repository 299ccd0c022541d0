using Sim.Cli.Commands;
using Sim.Studies.Reports;
using Spectre.Console;

namespace Sim.Cli.Output;

/// <summary>
/// How <c>run</c> and <c>replay</c> finish on the console: the summary table and the files written, or with
/// <c>--json</c> one line with the headline numbers and the output folder.
/// </summary>
public static class ReportPrinter
{
    public static void Print(CliContext ctx, RunReport report, string dir)
    {
        if (ctx.Json)
        {
            ctx.WriteJson(new
            {
                OutDir = dir,
                report.Title,
                report.Files,
                report.TargetAccuracy,
                Methods = report.Methods.Select(m => new
                {
                    m.Label,
                    m.Method,
                    m.Nm,
                    m.Iterations,
                    m.SimulatedSeconds,
                    m.ImagesPerSecond,
                    m.EnergyPerImageJ,
                    m.SpeedupVsDense,
                    m.FinalAccuracy,
                    m.TimeToTargetSeconds,
                    m.CyclesPerIteration,
                    m.BoundCycles,
                }),
            });
            return;
        }
        if (!ctx.Human)
        {
            return;
        }
        ctx.Console.Write(SummaryTable.Build(report));
        foreach (var m in report.Methods)
        {
            ctx.Say(BoundSummary.Line(m) + ".");
        }
        foreach (var m in report.Methods.Where(m => m.Reuse.IterationsReused > 0))
        {
            ctx.Say($"{m.Label}: {m.Reuse.Note}.");
        }
        ctx.Say($"Wrote {string.Join(", ", report.Files)} to {dir}");
    }
}
