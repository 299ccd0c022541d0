using Sim.Vocabulary.IO;
using System.Globalization;
using ScottPlot;
using Sim.Studies.Output;
using Sim.Studies.Reports;

namespace Sim.Studies.Plotting;

/// <summary>
/// Draws <c>timeline.png</c> with ScottPlot: one horizontal lane per component and stream (e.g. per method),
/// filled to the component's utilization in each time bin, against simulated time in microseconds. Streams of
/// different lengths share the time axis, so a faster method visibly ends earlier.
/// </summary>
public static class TimelinePlot
{
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Renders the timelines to PNG bytes.</summary>
    public static byte[] RenderPng(IReadOnlyList<TimelineData> timelines, int width = 1400)
    {
        var plot = new Plot();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var lane = 0;
        var components = timelines.SelectMany(t => t.Components.Select(c => c.Component)).Distinct().Order(StringComparer.Ordinal).ToList();
        var maxMicros = 0.0;
        for (var t = timelines.Count - 1; t >= 0; t--)
        {
            var timeline = timelines[t];
            var microsPerBin = timeline.BinCycles / timeline.ClockMHz;
            foreach (var row in timeline.Components.OrderByDescending(c => c.Component, StringComparer.Ordinal))
            {
                var n = row.Utilization.Count;
                var xs = new double[2 * n];
                var lows = new double[2 * n];
                var highs = new double[2 * n];
                for (var b = 0; b < n; b++)
                {
                    var x0 = b * microsPerBin;
                    var x1 = Math.Min((b + 1) * timeline.BinCycles, timeline.TotalCycles) / timeline.ClockMHz;
                    xs[2 * b] = x0;
                    xs[2 * b + 1] = x1;
                    lows[2 * b] = lows[2 * b + 1] = lane;
                    highs[2 * b] = highs[2 * b + 1] = lane + 0.85 * Math.Clamp(row.Utilization[b], 0, 1);
                }
                maxMicros = Math.Max(maxMicros, timeline.TotalCycles / timeline.ClockMHz);
                if (n > 0)
                {
                    var fill = plot.Add.FillY(xs, lows, highs);
                    var color = Color.FromHex(Palette[components.IndexOf(row.Component) % Palette.Length]);
                    fill.FillColor = color.WithAlpha(0.75);
                    fill.LineColor = color;
                    fill.LineWidth = 0.5f;
                }
                var label = timelines.Count > 1
                    ? $"{timeline.Title}: {row.Component}: {row.Average.ToString("P0", CultureInfo.InvariantCulture)} busy"
                    : $"{row.Component}: {row.Average.ToString("P0", CultureInfo.InvariantCulture)} busy";
                ticks.AddMajor(lane + 0.42, label);
                lane++;
            }
            if (t > 0)
            {
                var separator = plot.Add.HorizontalLine(lane + 0.07);
                separator.Color = Colors.Gray;
                separator.LineWidth = 1;
                lane++;
            }
        }
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(0, Math.Max(maxMicros, 1e-9) * 1.01, -0.2, lane + 0.1);
        plot.XLabel("simulated time (µs)");
        plot.Title(timelines.Count == 1 ? $"Component utilization: {timelines[0].Title}" : "Component utilization per method (one iteration each)");
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        var height = Math.Max(300, 90 + 34 * lane);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Writes <c>timeline.png</c> atomically.</summary>
    public static void Save(string path, IReadOnlyList<TimelineData> timelines) =>
        AtomicFile.WriteAllBytes(path, RenderPng(timelines));
}
