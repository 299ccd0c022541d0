using Sim.Vocabulary.IO;
using ScottPlot;
using Sim.Studies.Baselines;
using Sim.Studies.Output;

namespace Sim.Studies.Reproduction;

/// <summary>The reproduction's figures (ScottPlot PNG); returns file names relative to the figure directory.</summary>
public static class ReproductionFigures
{
    public static IReadOnlyList<string> Write(ReproductionResult result, string directory)
    {
        var files = new List<string>
        {
            Speedups(result, Path.Combine(directory, "speedup.png")),
            Ablation(result, Path.Combine(directory, "ablation.png")),
        };
        foreach (var axis in result.Sensitivity.Select(s => s.Axis).Distinct())
        {
            files.Add(Sensitivity(result, axis, Path.Combine(directory, $"sensitivity-{axis.Replace(' ', '-')}.png")));
        }
        if (result.Comparison.Count > 0 && result.ComparedDesigns.Count > 0)
        {
            var path = Path.Combine(directory, "compare.png");
            BaselinePlot.Write(path, result.ComparedDesigns[^1] with { Workload = "matched workloads" }, result.Comparison.Select(c => c.Ratio).ToList());
            files.Add(path);
        }
        return files.Select(Path.GetFileName).ToList()!;
    }

    private static string Speedups(ReproductionResult result, string file)
    {
        var plot = new Plot();
        var models = result.Plan.Models;
        var ideal = new List<Bar>();
        var simulated = new List<Bar>();
        var headline = result.Headline;
        for (var i = 0; i < models.Count; i++)
        {
            var row = headline.FirstOrDefault(r => r.Model == models[i]);
            if (row?.IdealSpeedup is { } id)
            {
                ideal.Add(new Bar { Position = i * 3, Value = id, FillColor = Colors.LightGray });
            }
            if (row?.SimulatedSpeedup is { } sim)
            {
                simulated.Add(new Bar { Position = i * 3 + 1, Value = sim, FillColor = Colors.SteelBlue });
            }
        }
        plot.Add.Bars(ideal).LegendText = "ideal (MAC ratio)";
        plot.Add.Bars(simulated).LegendText = "simulated";
        var paper = plot.Add.HorizontalLine(1.75);
        paper.Color = Colors.OrangeRed;
        paper.LinePattern = LinePattern.Dashed;
        paper.LegendText = "paper: 1.75x average";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(models.Select((_, i) => i * 3 + 0.5).ToArray(), models.ToArray());
        plot.Axes.SetLimits(-1, models.Count * 3 - 1, 0, 2.6);
        plot.YLabel($"speedup over dense ({result.Plan.Headline} BDWP, one iteration)");
        plot.Title("BDWP speedup on the simulated SAT");
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, file);
        return file;
    }

    private static string Ablation(ReproductionResult result, string file)
    {
        var plot = new Plot();
        var models = result.Ablation.Select(a => a.Model).Distinct().ToList();
        var variants = result.Ablation.Select(a => a.Variant).Distinct().ToList();
        var palette = new ScottPlot.Palettes.Category10();
        for (var v = 0; v < variants.Count; v++)
        {
            var bars = new List<Bar>();
            for (var m = 0; m < models.Count; m++)
            {
                var row = result.Ablation.FirstOrDefault(a => a.Model == models[m] && a.Variant == variants[v]);
                if (row is { Bdwp.Ok: true })
                {
                    bars.Add(new Bar { Position = m * (variants.Count + 1) + v, Value = row.Bdwp.ImagesPerSecond, FillColor = palette.GetColor(v) });
                }
            }
            var added = plot.Add.Bars(bars);
            added.LegendText = variants[v];
            added.Color = palette.GetColor(v);
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            models.Select((_, m) => m * (variants.Count + 1) + (variants.Count - 1) / 2.0).ToArray(), models.ToArray());
        plot.YLabel($"BDWP {result.Plan.Headline} throughput (images/s)");
        plot.Title("Dataflow optimizations: each off in turn");
        plot.ShowLegend(Alignment.UpperRight);
        var top = result.Ablation.Where(a => a.Bdwp.Ok).Select(a => a.Bdwp.ImagesPerSecond).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimits(-1, models.Count * (variants.Count + 1) - 1, 0, top * 1.35); // headroom for the legend
        Save(plot, file);
        return file;
    }

    private static string Sensitivity(ReproductionResult result, string axis, string file)
    {
        var points = result.Sensitivity.Where(s => s.Axis == axis).ToList();
        var plot = new Plot();
        var xs = Enumerable.Range(0, points.Count).Select(i => (double)i).ToArray();
        double Ips(RunOutcome r) => r.Ok ? r.ImagesPerSecond : double.NaN;
        var dense = plot.Add.Scatter(xs, points.Select(p => Ips(p.Dense)).ToArray());
        dense.LegendText = "dense images/s";
        dense.Color = Colors.Gray;
        var bdwp = plot.Add.Scatter(xs, points.Select(p => Ips(p.Bdwp)).ToArray());
        bdwp.LegendText = $"BDWP {result.Plan.Headline} images/s";
        bdwp.Color = Colors.SteelBlue;
        var speedup = plot.Add.Scatter(xs, points.Select(p => p.Speedup ?? double.NaN).ToArray());
        speedup.LegendText = "speedup (right axis)";
        speedup.Color = Colors.OrangeRed;
        speedup.LinePattern = LinePattern.Dashed;
        speedup.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "BDWP speedup over dense";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, points.Select(p => p.Label).ToArray());
        plot.XLabel(axis);
        plot.YLabel("throughput (images/s)");
        plot.Title($"Sensitivity to {axis} ({result.Plan.SensitivityModel}, batch {result.Plan.Batch})");
        plot.ShowLegend(Alignment.UpperLeft);
        Save(plot, file);
        return file;
    }

    private static void Save(Plot plot, string file) => AtomicFile.WriteAllBytes(file, plot.GetImageBytes(900, 560, ImageFormat.Png));
}
