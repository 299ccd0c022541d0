using Sim.Vocabulary.IO;
using ScottPlot;
using Sim.Studies.Output;

namespace Sim.Studies.Baselines;

/// <summary>
/// Bar chart of the design's throughput and energy-efficiency ratios against each baseline (log scale,
/// parity line at 1x), with the ranges SAT's paper reports shaded for reference. Baselines whose ratios
/// cannot be computed get no bar but keep their label, so what is missing stays visible.
/// </summary>
public static class BaselinePlot
{
    /// <summary>SAT's reported throughput ratio range over prior FPGA trainers (docs/sat.md, [paper]).</summary>
    public static readonly (double Low, double High) PaperThroughputRange = (2.97, 25.22);

    /// <summary>SAT's reported energy-efficiency ratio range over prior FPGA trainers (docs/sat.md, [paper]).</summary>
    public static readonly (double Low, double High) PaperEfficiencyRange = (1.36, 3.58);

    public static void Write(string file, DesignFigures design, IReadOnlyList<BaselineRatio> ratios)
    {
        var plot = new Plot();
        var series = new (string Label, Func<BaselineRatio, double?> Value, Color Color)[]
        {
            ("throughput (effective ops)", r => r.ThroughputRatio, Colors.SteelBlue),
            ("throughput (dense-equivalent ops)", r => r.DenseEquivalentThroughputRatio, Colors.LightSteelBlue),
            ("energy efficiency (effective ops)", r => r.EnergyEfficiencyRatio, Colors.SeaGreen),
        };
        var span = plot.Add.VerticalSpan(Math.Log10(PaperThroughputRange.Low), Math.Log10(PaperThroughputRange.High));
        span.FillStyle.Color = Colors.Orange.WithAlpha(0.12);
        span.LegendText = "paper: 2.97x-25.22x throughput";
        var effSpan = plot.Add.VerticalSpan(Math.Log10(PaperEfficiencyRange.Low), Math.Log10(PaperEfficiencyRange.High));
        effSpan.FillStyle.Color = Colors.Green.WithAlpha(0.10);
        effSpan.LegendText = "paper: 1.36x-3.58x energy efficiency";
        for (var s = 0; s < series.Length; s++)
        {
            var bars = new List<Bar>();
            for (var i = 0; i < ratios.Count; i++)
            {
                if (series[s].Value(ratios[i]) is { } v)
                {
                    bars.Add(new Bar { Position = i * (series.Length + 1) + s, Value = Math.Log10(v), FillColor = series[s].Color });
                }
            }
            var added = plot.Add.Bars(bars);
            added.LegendText = series[s].Label;
            added.Color = series[s].Color;
        }
        var parity = plot.Add.HorizontalLine(0);
        parity.Color = Colors.Black;
        parity.LinePattern = LinePattern.Dashed;
        var positions = Enumerable.Range(0, ratios.Count).Select(i => i * (series.Length + 1) + 1.0).ToArray();
        var labels = ratios.Select(r => r.Baseline.Label + (r.Skipped is not null && r.ThroughputRatio is null ? "\n(no absolute figures)" : "")).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        var decades = new[] { 0.1, 0.3, 1, 3, 10, 30, 100 };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(decades.Select(Math.Log10).ToArray(), decades.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x").ToArray());
        plot.Axes.SetLimits(-1, ratios.Count * (series.Length + 1) - 1, -1, 2);
        plot.YLabel("design / baseline (log scale)");
        plot.Title($"{design.Label} on {design.Workload} against published FPGA trainers");
        plot.ShowLegend(Alignment.UpperRight);
        AtomicFile.WriteAllBytes(file, plot.GetImageBytes(1000, 600, ImageFormat.Png));
    }
}
