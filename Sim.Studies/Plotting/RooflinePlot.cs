using System.Globalization;
using ScottPlot;
using Sim.Studies.Reports;
using Sim.Vocabulary.IO;

namespace Sim.Studies.Plotting;

/// <summary>
/// Draws <c>roofline.png</c> with ScottPlot on log-log axes: one panel per method; per (layer, stage) a point at its
/// operational intensity (effective ops per DRAM byte) and attained throughput, coloured by stage, circles for dense
/// GEMMs and triangles for N:M sparse ones; the compute roof, the DRAM roof and the operand buffers' roofs of the
/// configured hardware. A point far below every roof is bound by something else (vector work, dependences).
/// </summary>
public static class RooflinePlot
{
    private static readonly Dictionary<string, string> StageColors = new(StringComparer.Ordinal)
    {
        ["fp"] = "#1f77b4", ["bp"] = "#ff7f0e", ["wg"] = "#2ca02c", ["wu"] = "#9467bd", ["gen"] = "#8c564b",
    };

    private static readonly string[] RoofColors = ["#d62728", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#8c564b"];

    public static byte[] RenderPng(RooflineData data, string title, int panelWidth = 700, int height = 560)
    {
        var methods = data.Points.Select(p => p.Method).Distinct().ToList();
        if (methods.Count == 0) methods.Add("");
        var finite = data.Points.Where(p => double.IsFinite(p.Intensity) && p.OpsPerSecond > 0).ToList();
        var xMin = finite.Count == 0 ? 1 : Math.Pow(10, Math.Floor(Math.Log10(finite.Min(p => p.Intensity)) - 0.3));
        var xMax = finite.Count == 0 ? 1e4 : Math.Pow(10, Math.Ceiling(Math.Log10(finite.Max(p => p.Intensity)) + 0.3));
        var ridge = data.PeakOpsPerSecond / data.DramBytesPerSecond;
        xMin = Math.Min(xMin, ridge / 10);
        xMax = Math.Max(xMax, ridge * 10);
        var yMax = data.PeakOpsPerSecond * 2.5;
        var yMin = Math.Min(finite.Count == 0 ? data.PeakOpsPerSecond / 1e3 : finite.Min(p => p.OpsPerSecond) / 2, data.PeakOpsPerSecond / 100);
        var panels = new List<Plot>();
        foreach (var method in methods)
        {
            var plot = new Plot();
            // DRAM roof up to the ridge, then the compute roof.
            var dram = plot.Add.Scatter(new[] { L(xMin), L(ridge), L(xMax) }, new[] { L(xMin * data.DramBytesPerSecond), L(data.PeakOpsPerSecond), L(data.PeakOpsPerSecond) });
            dram.Color = Colors.Black;
            dram.LineWidth = 2;
            dram.MarkerSize = 0;
            dram.LegendText = string.Create(CultureInfo.InvariantCulture, $"compute {data.PeakOpsPerSecond / 1e9:F0} GOPS, DRAM {data.DramBytesPerSecond / 1e9:F1} GB/s");
            var c = 0;
            foreach (var roof in data.BufferRoofs.Where(r => r.OpsPerSecond < data.PeakOpsPerSecond * 0.999))
            {
                var line = plot.Add.Scatter(new[] { L(xMin), L(xMax) }, new[] { L(roof.OpsPerSecond), L(roof.OpsPerSecond) });
                line.Color = Color.FromHex(RoofColors[c++ % RoofColors.Length]);
                line.LinePattern = LinePattern.Dashed;
                line.LineWidth = 1.5f;
                line.MarkerSize = 0;
                line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{roof.Name} roof {roof.OpsPerSecond / 1e9:F0} GOPS");
            }
            var mine = finite.Where(p => p.Method == method).ToList();
            foreach (var group in mine.GroupBy(p => (p.Stage, p.Sparse)).OrderBy(g => g.Key.Stage, StringComparer.Ordinal).ThenBy(g => g.Key.Sparse))
            {
                var s = plot.Add.ScatterPoints(group.Select(p => L(p.Intensity)).ToArray(), group.Select(p => L(p.OpsPerSecond)).ToArray());
                s.Color = Color.FromHex(StageColors.GetValueOrDefault(group.Key.Stage, "#333333")).WithAlpha(0.8);
                s.MarkerShape = group.Key.Sparse ? MarkerShape.FilledTriangleUp : MarkerShape.FilledCircle;
                s.MarkerSize = 7;
                s.LegendText = $"{group.Key.Stage.ToUpperInvariant()} {(group.Key.Sparse ? "sparse" : "dense")}";
            }
            plot.Axes.SetLimits(L(xMin), L(xMax), L(yMin), L(yMax));
            LogTicks(plot.Axes.Bottom, L(xMin), L(xMax), v => Fmt(v));
            LogTicks(plot.Axes.Left, L(yMin), L(yMax), v => Fmt(v / 1e9));
            plot.XLabel("operational intensity (effective ops per DRAM byte)");
            plot.YLabel("attained throughput (effective GOPS)");
            plot.Title($"Roofline: {title.Split(':')[0]}, {method}");
            plot.Legend.Alignment = Alignment.LowerRight;
            plot.Legend.FontSize = 11;
            panels.Add(plot);
        }
        var multiplot = new Multiplot();
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        foreach (var panel in panels) multiplot.AddPlot(panel);
        multiplot.RemovePlot(multiplot.GetPlot(0)); // the empty plot a multiplot starts with
        return multiplot.Render(panelWidth * panels.Count, height).GetImageBytes(ImageFormat.Png);
    }

    public static void Save(string path, RooflineData data, string title) => AtomicFile.WriteAllBytes(path, RenderPng(data, title));

    private static double L(double v) => Math.Log10(Math.Max(v, 1e-30));

    private static string Fmt(double v) => v >= 1 ? v.ToString("#,0.##", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);

    // Decades as major ticks labelled with their value, 2..9 as unlabelled minor ticks.
    private static void LogTicks(ScottPlot.IAxis axis, double lo, double hi, Func<double, string> label)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var d = (int)Math.Floor(lo); d <= (int)Math.Ceiling(hi); d++)
        {
            if (d >= lo - 1e-9 && d <= hi + 1e-9) ticks.AddMajor(d, label(Math.Pow(10, d)));
            for (var k = 2; k <= 9; k++)
            {
                var x = d + Math.Log10(k);
                if (x >= lo && x <= hi) ticks.AddMinor(x);
            }
        }
        axis.TickGenerator = ticks;
    }
}
