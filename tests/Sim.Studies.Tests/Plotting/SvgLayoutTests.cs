using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Sim.Studies.Plotting;
using Sim.Studies.Reports;
using SkiaSharp;

namespace Sim.Studies.Tests.Plotting;

/// <summary>
/// accuracy.svg as another machine draws it: every text element (title, axis titles, tick labels, legend) is measured
/// with a real font of the SVG's family list, the widest one installed here (DejaVu Sans on most Linux systems, up to
/// 15 % wider than the Helvetica metrics OxyPlot lays out with), placed by its own transform, anchor and baseline,
/// and must lie inside the canvas and overlap no other text; the family list must end in a generic family.
/// </summary>
public class SvgLayoutTests
{
    private sealed record Box(string Text, double Left, double Top, double Right, double Bottom)
    {
        public bool Overlaps(Box o) => Left < o.Right && o.Left < Right && Top < o.Bottom && o.Top < Bottom;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"'{Text}' [{Left:F1}, {Top:F1}]-[{Right:F1}, {Bottom:F1}]");
    }

    private static readonly string[] Generic = ["serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"];

    /// <summary>The installed typefaces the family list names (the generic family as the platform's default).</summary>
    private static IReadOnlyList<SKTypeface> Typefaces(string families)
    {
        var list = new List<SKTypeface>();
        foreach (var name in families.Split(',').Select(f => f.Trim().Trim('\'', '"')))
        {
            var face = Generic.Contains(name) ? SKTypeface.Default : SKTypeface.FromFamilyName(name);
            if (face is not null && (Generic.Contains(name) || string.Equals(face.FamilyName, name, StringComparison.OrdinalIgnoreCase)))
            {
                list.Add(face);
            }
        }
        return list;
    }

    private static IReadOnlyList<Box> TextBoxes(string svg, out double width, out double height)
    {
        var doc = XDocument.Parse(svg);
        var root = doc.Root!;
        width = double.Parse(root.Attribute("width")!.Value, CultureInfo.InvariantCulture);
        height = double.Parse(root.Attribute("height")!.Value, CultureInfo.InvariantCulture);
        if (root.Attribute("viewBox") is { } viewBox)
        {
            var v = viewBox.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(0, v[0]);
            Assert.Equal(0, v[1]);
            (width, height) = (v[2], v[3]);
        }
        var boxes = new List<Box>();
        foreach (var t in root.Descendants().Where(e => e.Name.LocalName == "text"))
        {
            var family = t.Attribute("font-family")?.Value ?? "";
            Assert.True(Generic.Contains(family.Split(',')[^1].Trim()), $"'{t.Value}': font-family '{family}' does not end in a generic family");
            var size = double.Parse(t.Attribute("font-size")!.Value, CultureInfo.InvariantCulture);
            var bold = (t.Attribute("font-weight")?.Value ?? "400") is "700" or "bold";
            double w = 0, ascent = 0, descent = 0;
            foreach (var face in Typefaces(family))
            {
                using var font = new SKFont(SKTypeface.FromFamilyName(face.FamilyName, bold ? SKFontStyle.Bold : SKFontStyle.Normal) ?? face, (float)size);
                w = Math.Max(w, font.MeasureText(t.Value));
                ascent = Math.Max(ascent, -font.Metrics.Ascent);
                descent = Math.Max(descent, font.Metrics.Descent);
            }
            Assert.True(w > 0, $"'{t.Value}': no font of '{family}' could measure it");
            var (x0, x1) = (t.Attribute("text-anchor")?.Value ?? "start") switch
            {
                "middle" => (-w / 2, w / 2),
                "end" => (-w, 0.0),
                _ => (0.0, w),
            };
            // OxyPlot writes explicit baselines; anything else would need its own offsets.
            Assert.Equal("baseline", t.Attribute("dominant-baseline")?.Value ?? "baseline");
            var (y0, y1) = (-ascent, descent);
            var transform = t.Attribute("transform")?.Value ?? "";
            var translate = Regex.Match(transform, @"translate\(([-0-9.e]+)[ ,]+([-0-9.e]+)\)");
            double tx = translate.Success ? double.Parse(translate.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            double ty = translate.Success ? double.Parse(translate.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
            tx += double.Parse(t.Attribute("x")?.Value ?? "0", CultureInfo.InvariantCulture);
            ty += double.Parse(t.Attribute("y")?.Value ?? "0", CultureInfo.InvariantCulture);
            var rotate = Regex.Match(transform, @"rotate\(([-0-9.e]+)\)");
            var angle = rotate.Success ? double.Parse(rotate.Groups[1].Value, CultureInfo.InvariantCulture) * Math.PI / 180 : 0;
            var corners = new[] { (x0, y0), (x1, y0), (x0, y1), (x1, y1) }
                .Select(c => (X: tx + c.Item1 * Math.Cos(angle) - c.Item2 * Math.Sin(angle), Y: ty + c.Item1 * Math.Sin(angle) + c.Item2 * Math.Cos(angle)))
                .ToArray();
            boxes.Add(new Box(t.Value, corners.Min(c => c.X), corners.Min(c => c.Y), corners.Max(c => c.X), corners.Max(c => c.Y)));
        }
        return boxes;
    }

    public static TheoryData<string, int> Plots => new()
    {
        { "LeNet-5 on MNIST: test accuracy against simulated time", 2 },
        { "ResNet-18 on CIFAR-10, batch 256: BDWP 2:8, SR-STE 2:8 and dense training", 5 },
        { "m", 1 },
    };

    [Theory]
    [MemberData(nameof(Plots))]
    public void EveryTextLiesInsideTheCanvasAndOverlapsNoOther(string title, int methods)
    {
        string[] names = ["dense", "bdwp 2:8", "srste 2:8", "bdwp 1:8 first layer dense", "srste 4:16"];
        var series = Enumerable.Range(0, methods).Select(m => new AccuracySeries(names[m],
            [.. Enumerable.Range(0, 6).Select(e => new AccuracyPoint(e * 100, 0.4 * (e + 1) * (1 - 0.1 * m), 0.1 + 0.15 * e, 2.3 - 0.3 * e))])).ToArray();
        var boxes = TextBoxes(AccuracyPlot.RenderSvg(series, title), out var width, out var height);
        Assert.Contains(boxes, b => b.Text == "test accuracy (%)");
        Assert.Contains(boxes, b => b.Text.StartsWith("simulated training time", StringComparison.Ordinal));
        Assert.All(names.Take(methods), n => Assert.Contains(boxes, b => b.Text == n));
        foreach (var b in boxes)
        {
            Assert.True(b.Left >= 0 && b.Top >= 0 && b.Right <= width && b.Bottom <= height, $"{b} leaves the {width}x{height} canvas");
        }
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                Assert.False(boxes[i].Overlaps(boxes[j]), $"{boxes[i]} overlaps {boxes[j]}");
            }
        }
    }
}
