using Sim.Studies.Plotting;
using Sim.Studies.Reports;

namespace Sim.Studies.Tests.Plotting;

/// <summary>accuracy.svg renders on machines without Windows fonts: every text names portable families ending in a generic one.</summary>
public class PlotFontTests
{
    [Fact]
    public void EveryTextOfTheAccuracySvgHasAGenericFallback()
    {
        var svg = AccuracyPlot.RenderSvg([new AccuracySeries("bdwp 2:8", [new AccuracyPoint(10, 0.1, 0.5, 1.2), new AccuracyPoint(20, 0.2, 0.9, 0.4)])], "title");
        var families = System.Text.RegularExpressions.Regex.Matches(svg, "font-family=\"([^\"]*)\"").Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.NotEmpty(families);
        Assert.All(families, f => Assert.EndsWith("sans-serif", f));
        Assert.DoesNotContain("Segoe", svg);
    }
}
