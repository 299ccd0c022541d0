using System.Xml.Linq;
using Sim.Studies.Plotting;
using Sim.Studies.Reports;
using SkiaSharp;
using Span = Sim.Studies.Reports.TimelineBuilder.Span;

namespace Sim.Studies.Tests.Plotting;

public class RenderingTests
{
    private static TimelineData Sample(string title, long scale) => TimelineBuilder.Build(title,
    [
        new Span("pe_array", 0, 40 * scale), new Span("pe_array", 60 * scale, 95 * scale),
        new Span("dram", 0, 20 * scale), new Span("dram", 50 * scale, 70 * scale),
        new Span("vector", 90 * scale, 100 * scale),
    ], 100 * scale, 50, 200);

    [Fact]
    public void TheTimelineRendersHeadlessToADecodablePng()
    {
        var png = TimelinePlot.RenderPng([Sample("dense", 1000), Sample("bdwp 2:8", 600)]);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(1400, bitmap.Width);
        Assert.True(bitmap.Height >= 300);
        // Not a blank canvas: the lanes are filled with palette colors somewhere.
        var colors = new HashSet<SKColor>();
        for (var x = 0; x < bitmap.Width; x += 7)
        {
            for (var y = 0; y < bitmap.Height; y += 7)
            {
                colors.Add(bitmap.GetPixel(x, y));
            }
        }
        Assert.True(colors.Count > 10, $"only {colors.Count} distinct colors");
    }

    [Fact]
    public void TheTimelineIsDeterministic()
    {
        Assert.Equal(TimelinePlot.RenderPng([Sample("a", 10)]), TimelinePlot.RenderPng([Sample("a", 10)]));
    }

    [Fact]
    public void TheAccuracyPlotIsAnSvgWithOneLinePerMethod()
    {
        AccuracySeries[] series =
        [
            new("dense", [new(0, 0, 0.1, 2.3), new(100, 0.02, 0.9, 0.3), new(200, 0.04, 0.95, 0.2)]),
            new("bdwp 2:8", [new(0, 0, 0.1, 2.3), new(100, 0.012, 0.88, 0.35), new(200, 0.024, 0.94, 0.22)]),
        ];
        var svg = AccuracyPlot.RenderSvg(series, "LeNet-5 on MNIST");
        var doc = XDocument.Parse(svg);
        Assert.Equal("svg", doc.Root!.Name.LocalName);
        Assert.Contains("bdwp 2:8", svg);
        Assert.Contains("dense", svg);
        Assert.Contains("(ms)", svg);
        Assert.Equal(svg, AccuracyPlot.RenderSvg(series, "LeNet-5 on MNIST"));
    }
}
