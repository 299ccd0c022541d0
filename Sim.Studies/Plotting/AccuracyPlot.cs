using Sim.Vocabulary.IO;
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

    /// <summary>
    /// Font families available everywhere, most specific first, ending in the generic family (the SVG names
    /// the whole list, so a viewer without Arial picks Liberation Sans, Helvetica, DejaVu Sans or its own sans-serif).
    /// </summary>
    public const string FontFamily = "Arial, 'Liberation Sans', Helvetica, 'DejaVu Sans', sans-serif";

    /// <summary>
    /// OxyPlot lays the SVG out with its PDF text metrics: Helvetica in points, 0.75 of the SVG's pixels (a 12-unit
    /// "40" measures 10.0). DejaVu Sans, the usual Linux fallback, draws it 16.0 wide, bold titles alike (1.59x), so
    /// text measured as-is overlapped its neighbours and a long title left the canvas. Measuring 1.6x as wide and a line
    /// as tall as DejaVu Sans draws it (ascent plus descent 1.17 em; the PDF height is 0.84 em) leaves room for any
    /// family of the list. Fixed factors, not the fonts installed, so the SVG is the same on every machine.
    /// </summary>
    private sealed class FallbackTextMeasurer(double width, double height) : PdfRenderContext(width, height, OxyColors.White)
    {
        public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight)
        {
            var size = base.MeasureText(text, "Arial", fontSize, fontWeight);
            return new OxySize(size.Width * WidthFactor, Math.Max(size.Height, LineHeight * fontSize));
        }
    }

    /// <summary>Width of text drawn in the widest fallback family per unit of OxyPlot's PDF measure.</summary>
    private const double WidthFactor = 1.6;

    /// <summary>Height of a line of text per unit of font size, as the widest fallback family draws it.</summary>
    private const double LineHeight = 1.2;

    /// <summary>The canvas, in SVG user units.</summary>
    private const int Width = 800, Height = 500;

    /// <summary>Largest and smallest title font sizes: a long title is set smaller until it fits the canvas.</summary>
    private const double TitleFontSize = 18, MinTitleFontSize = 10;

    public static PlotModel Build(IReadOnlyList<AccuracySeries> series, string title)
    {
        var model = new PlotModel { Title = title, Background = OxyColors.White, DefaultFont = FontFamily, TitleHorizontalAlignment = TitleHorizontalAlignment.CenteredWithinView };
        var maxSeconds = series.SelectMany(s => s.Points).Select(p => p.SimulatedSeconds).DefaultIfEmpty(0).Max();
        var (scale, unit) = maxSeconds switch
        {
            < 1e-3 => (1e6, "µs"),
            < 1 => (1e3, "ms"),
            _ => (1.0, "s"),
        };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = $"simulated training time on the accelerator ({unit})", Minimum = 0, MajorGridlineStyle = LineStyle.Dot });
        // The rotated title is drawn a descent nearer the tick labels than OxyPlot reserves (its vertical-alignment
        // workaround puts the baseline at the reserved edge): 12 units instead of 4 keep the labels out of it.
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "test accuracy (%)", MajorGridlineStyle = LineStyle.Dot, AxisTitleDistance = 12 });
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
        // Vertical alignment as attributes SVG viewers honour (the title would otherwise sit above the canvas), and
        // text measured wide enough for the fallback fonts of machines without Arial.
        var measurer = new FallbackTextMeasurer(Width, Height);
        var size = TitleFontSize;
        while (size > MinTitleFontSize && measurer.MeasureText(title, FontFamily, size, FontWeights.Bold).Width > Width - 2 * model.Padding.Left - 8)
        {
            size -= 1;
        }
        model.TitleFontSize = size;
        var exporter = new SvgExporter { Width = Width, Height = Height, UseVerticalTextAlignmentWorkaround = true, TextMeasurer = measurer };
        using var stream = new MemoryStream();
        exporter.Export(model, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()).TrimStart('\uFEFF');
    }

    /// <summary>Writes <c>accuracy.svg</c> atomically.</summary>
    public static void Save(string path, IReadOnlyList<AccuracySeries> series, string title) =>
        AtomicFile.WriteAllText(path, RenderSvg(series, title));
}
