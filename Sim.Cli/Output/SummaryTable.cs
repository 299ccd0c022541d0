using System.Globalization;
using Sim.Studies.Reports;
using Spectre.Console;

namespace Sim.Cli.Output;

/// <summary>
/// The console summary of a run: the methods side by side (simulated time, images/s, energy per image,
/// speed-up over dense, accuracy), the numbers a reader wants first.
/// </summary>
public static class SummaryTable
{
    public static Table Build(RunReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(report.Title));
        table.AddColumn("method");
        table.AddColumn(new TableColumn("iterations").RightAligned());
        table.AddColumn(new TableColumn("simulated time").RightAligned());
        table.AddColumn(new TableColumn("images/s").RightAligned());
        table.AddColumn(new TableColumn("energy/image").RightAligned());
        table.AddColumn(new TableColumn("speed-up vs dense").RightAligned());
        table.AddColumn(new TableColumn("array util.").RightAligned());
        table.AddColumn(new TableColumn("test accuracy").RightAligned());
        var target = report.TargetAccuracy;
        if (target is { } t)
        {
            table.AddColumn(new TableColumn($"time to {t.ToString("P1", CultureInfo.InvariantCulture)}").RightAligned());
        }
        foreach (var m in report.Methods)
        {
            var cells = new List<string>
            {
                Markup.Escape(m.Label),
                m.Iterations.ToString(CultureInfo.InvariantCulture),
                Seconds(m.SimulatedSeconds),
                m.ImagesPerSecond.ToString("N1", CultureInfo.InvariantCulture),
                Joules(m.EnergyPerImageJ),
                m.SpeedupVsDense is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-",
                m.ArrayUtilization.ToString("P1", CultureInfo.InvariantCulture),
                m.FinalAccuracy is { } a ? a.ToString("P2", CultureInfo.InvariantCulture) : "timing only",
            };
            if (target is not null)
            {
                cells.Add(m.TimeToTargetSeconds is { } tt ? Seconds(tt) : "-");
            }
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    public static string Seconds(double s) => s switch
    {
        < 1e-3 => (s * 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " µs",
        < 1 => (s * 1e3).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        _ => s.ToString("0.000", CultureInfo.InvariantCulture) + " s",
    };

    public static string Joules(double j) => j switch
    {
        < 1e-3 => (j * 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " µJ",
        < 1 => (j * 1e3).ToString("0.00", CultureInfo.InvariantCulture) + " mJ",
        _ => j.ToString("0.000", CultureInfo.InvariantCulture) + " J",
    };
}
