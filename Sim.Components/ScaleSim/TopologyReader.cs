using System.Globalization;

namespace Sim.Components.ScaleSim;

/// <summary>
/// Reads a SCALE-Sim topology CSV. The form is recognized from the header row: the convolution form
/// (<c>Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,</c>, extra
/// trailing columns ignored) or the GEMM form (<c>Layer, M, N, K,</c>). Trailing commas are optional. Bad rows throw
/// <see cref="ScaleSimFormatException"/> naming file, line and column.
/// </summary>
public static class TopologyReader
{
    private static readonly string[] ConvColumns = ["IFMAP Height", "IFMAP Width", "Filter Height", "Filter Width", "Channels", "Num Filter", "Strides"];
    private static readonly string[] GemmColumns = ["M", "N", "K"];

    public static IReadOnlyList<TopologyLayer> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScaleSimFormatException(path, 0, "file", $"cannot be read ({e.Message})");
        }
        return Parse(path, lines);
    }

    public static IReadOnlyList<TopologyLayer> Parse(string file, IReadOnlyList<string> lines)
    {
        var headerIndex = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length > 0) { headerIndex = i; break; }
        }
        if (headerIndex < 0) throw new ScaleSimFormatException(file, 0, "header", "empty topology file");
        var header = Fields(lines[headerIndex]);
        bool gemm;
        if (header.Length >= 4 && GemmColumns.Select((c, j) => string.Equals(header[j + 1], c, StringComparison.OrdinalIgnoreCase)).All(x => x))
        {
            gemm = true;
        }
        else if (header.Length >= 8 && ConvColumns.Select((c, j) => string.Equals(header[j + 1], c, StringComparison.OrdinalIgnoreCase)).All(x => x))
        {
            gemm = false;
        }
        else
        {
            throw new ScaleSimFormatException(file, headerIndex + 1, "header",
                "expected 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides' or 'Layer, M, N, K'");
        }
        var columns = gemm ? GemmColumns : ConvColumns;
        var layers = new List<TopologyLayer>();
        for (var i = headerIndex + 1; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var f = Fields(lines[i]);
            if (f.Length < columns.Length + 1)
            {
                throw new ScaleSimFormatException(file, i + 1, columns[Math.Max(0, f.Length - 1)], $"expected {columns.Length + 1} fields, got {f.Length}");
            }
            var values = new int[columns.Length];
            for (var c = 0; c < columns.Length; c++)
            {
                if (!int.TryParse(f[c + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[c]) || values[c] <= 0)
                {
                    throw new ScaleSimFormatException(file, i + 1, columns[c], $"expected a positive integer, got '{f[c + 1]}'");
                }
            }
            var name = f[0];
            var layer = gemm
                ? TopologyLayer.FromGemm(name, values[0], values[1], values[2])
                : new TopologyLayer(name, values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
            if (!gemm && (layer.FilterHeight > layer.IfmapHeight || layer.FilterWidth > layer.IfmapWidth))
            {
                throw new ScaleSimFormatException(file, i + 1, "Filter Height",
                    $"filter {layer.FilterHeight}x{layer.FilterWidth} is larger than the IFMAP {layer.IfmapHeight}x{layer.IfmapWidth}");
            }
            layers.Add(layer);
        }
        if (layers.Count == 0) throw new ScaleSimFormatException(file, headerIndex + 1, "rows", "no layer rows after the header");
        return layers;
    }

    private static string[] Fields(string line)
    {
        var parts = line.Split(',').Select(p => p.Trim()).ToList();
        while (parts.Count > 0 && parts[^1].Length == 0) parts.RemoveAt(parts.Count - 1);
        return [.. parts];
    }
}
