using Sim.Vocabulary.IO;
using System.Globalization;
using ScottPlot;
using Sim.Studies.Errors;
using Sim.Studies.Output;

namespace Sim.Studies.Sweeps;

/// <summary>
/// The sweep figures (ScottPlot PNG): Pareto fronts of throughput against on-chip buffer bytes and
/// against PE count, one series per workload, and heat maps of the best throughput over pairs of swept
/// hardware axes. Returns the files it wrote.
/// </summary>
public static class SweepPlots
{
    private const int Width = 900;
    private const int Height = 600;

    public static IReadOnlyList<string> Write(SweepSpec spec, IReadOnlyList<PointResult> results, string directory)
    {
        var written = new List<string>();
        var ok = results.Where(r => r.Ok).ToList();
        if (ok.Count == 0)
        {
            return written;
        }
        written.Add(Pareto(ok, r => r.Metrics!.OnChipBufferBytes / 1024.0, "on-chip buffer (KiB)", Path.Combine(directory, "pareto-buffer.png")));
        written.Add(Pareto(ok, r => r.Metrics!.PeCount, "PE count", Path.Combine(directory, "pareto-pes.png")));

        var hardwareAxes = spec.Axes.Where(a => !SweepAxes.IsWorkloadAxis(a.Axis) && a.Values.Count > 1).Select(a => a.Axis).ToList();
        for (var i = 0; i < hardwareAxes.Count; i++)
        {
            for (var j = i + 1; j < hardwareAxes.Count; j++)
            {
                foreach (var group in ok.GroupBy(r => SweepTable.WorkloadKey(r.Point)).OrderBy(g => g.Min(r => r.Point.Index)))
                {
                    var suffix = ok.Select(r => SweepTable.WorkloadKey(r.Point)).Distinct().Count() > 1 ? "-" + Slug(group.Key) : "";
                    var file = Path.Combine(directory, $"heatmap-{SweepAxes.Name(hardwareAxes[j])}-{SweepAxes.Name(hardwareAxes[i])}{suffix}.png");
                    written.Add(HeatMap(spec, group.ToList(), hardwareAxes[j], hardwareAxes[i], group.Key, file));
                }
            }
        }
        return written;
    }

    private static string Pareto(List<PointResult> ok, Func<PointResult, double> cost, string costLabel, string file)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var groups = ok.GroupBy(r => SweepTable.WorkloadKey(r.Point)).OrderBy(g => g.Min(r => r.Point.Index)).ToList();
        for (var g = 0; g < groups.Count; g++)
        {
            var members = groups[g].ToList();
            var color = palette.GetColor(g);
            var all = plot.Add.ScatterPoints(members.Select(cost).ToArray(), members.Select(r => r.Metrics!.ImagesPerSecond).ToArray());
            all.Color = color.WithAlpha(0.35);
            all.MarkerSize = 5;
            var front = ParetoFront.Indices(members, cost, r => r.Metrics!.ImagesPerSecond).Select(i => members[i]).ToList();
            var line = plot.Add.Scatter(front.Select(cost).ToArray(), front.Select(r => r.Metrics!.ImagesPerSecond).ToArray());
            line.Color = color;
            line.MarkerSize = 8;
            line.LineWidth = 2;
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LegendText = groups[g].Key + " (front)";
        }
        plot.Title($"Pareto front: training throughput against {costLabel}");
        plot.XLabel(costLabel);
        plot.YLabel("throughput (images/s, simulated)");
        plot.ShowLegend(Alignment.LowerRight);
        Save(plot, file);
        return file;
    }

    private static string HeatMap(SweepSpec spec, List<PointResult> group, SweepAxis x, SweepAxis y, string title, string file)
    {
        var xs = spec.ValuesOf(x);
        var ys = spec.ValuesOf(y);
        var grid = new double[ys.Count, xs.Count];
        for (var r = 0; r < ys.Count; r++)
        {
            for (var c = 0; c < xs.Count; c++)
            {
                grid[r, c] = double.NaN;
            }
        }
        foreach (var result in group)
        {
            var c = IndexOf(xs, result.Point.Text(x));
            var r = IndexOf(ys, result.Point.Text(y));
            if (c >= 0 && r >= 0)
            {
                // Best throughput over the other axes: what this (x, y) pair can achieve.
                var value = result.Metrics!.ImagesPerSecond;
                grid[ys.Count - 1 - r, c] = double.IsNaN(grid[ys.Count - 1 - r, c]) ? value : Math.Max(grid[ys.Count - 1 - r, c], value);
            }
        }
        var plot = new Plot();
        var heat = plot.Add.Heatmap(grid);
        heat.Colormap = new ScottPlot.Colormaps.Viridis();
        heat.NaNCellColor = Colors.LightGray;
        plot.Add.ColorBar(heat).Label = "images/s (best over other axes)";
        for (var r = 0; r < ys.Count; r++)
        {
            for (var c = 0; c < xs.Count; c++)
            {
                var v = grid[ys.Count - 1 - r, c];
                if (!double.IsNaN(v))
                {
                    var label = plot.Add.Text(v.ToString("G3", CultureInfo.InvariantCulture), c, r);
                    label.LabelFontColor = Colors.White;
                    label.LabelAlignment = Alignment.MiddleCenter;
                    label.LabelFontSize = 11;
                }
            }
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Enumerable.Range(0, xs.Count).Select(i => (double)i).ToArray(), xs.ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Enumerable.Range(0, ys.Count).Select(i => (double)i).ToArray(), ys.ToArray());
        plot.XLabel(SweepAxes.Name(x));
        plot.YLabel(SweepAxes.Name(y));
        plot.Title(title);
        Save(plot, file);
        return file;
    }

    private static int IndexOf(IReadOnlyList<string> values, string? value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }
        return -1;
    }

    private static string Slug(string text) => new(text.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    internal static void Save(Plot plot, string file) => AtomicFile.WriteAllBytes(file, plot.GetImageBytes(Width, Height, ImageFormat.Png));
}
