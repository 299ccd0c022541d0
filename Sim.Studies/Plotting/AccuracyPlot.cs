using Sim.Core.IO;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using Sim.Studies.Output;
using Sim.Studies.Reports;

namespace Sim.Studies.Plotting;

/// <summary>
/// Draws <c>accuracy.svg</c> with OxyPlot: test accuracy against simulated training time on the accelerator,
/// one line per method. This is the co-simulation's headline picture: a sparse method that trains faster at
/// the same accuracy reaches a given accuracy earlier (further left).
/// </summary>
public static class AccuracyPlot
{
    private static readonly OxyColor[] Palette =
    [
        OxyColor.Parse("#1f77b4"), OxyColor.Parse("#d62728"), OxyColor.Parse("#2ca02c"), OxyColor.Parse("#ff7f0e"), OxyColor.Parse("#9467bd"),
    ];

    public static PlotModel Build(IReadOnlyList<AccuracySeries> series, string title)
    {
        var model = new PlotModel { Title = title, Background = OxyColors.White };
        var maxSeconds = series.SelectMany(s => s.Points).Select(p => p.SimulatedSeconds).DefaultIfEmpty(0).Max();
        var (scale, unit) = maxSeconds switch
        {
            < 1e-3 => (1e6, "µs"),
            < 1 => (1e3, "ms"),
            _ => (1.0, "s"),
        };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = $"simulated training time on the accelerator ({unit})", Minimum = 0, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "test accuracy (%)", MajorGridlineStyle = LineStyle.Dot });
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.BottomRight, LegendBackground = OxyColor.FromAColor(220, OxyColors.White) });
        for (var i = 0; i < series.Count; i++)
        {
            var line = new LineSeries
            {
                Title = series[i].Method,
                Color = Palette[i % Palette.Length],
                MarkerType = MarkerType.Circle,
                MarkerSize = 3,
                StrokeThickness = 2,
            };
            foreach (var p in series[i].Points)
            {
                line.Points.Add(new DataPoint(p.SimulatedSeconds * scale, p.Accuracy * 100));
            }
            model.Series.Add(line);
        }
        return model;
    }

    public static string RenderSvg(IReadOnlyList<AccuracySeries> series, string title)
    {
        var model = Build(series, title);
        var exporter = new SvgExporter { Width = 800, Height = 500 };
        using var stream = new MemoryStream();
        exporter.Export(model, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()).TrimStart('\uFEFF');
    }

    /// <summary>Writes <c>accuracy.svg</c> atomically.</summary>
    public static void Save(string path, IReadOnlyList<AccuracySeries> series, string title) =>
        AtomicFile.WriteAllText(path, RenderSvg(series, title));
}
