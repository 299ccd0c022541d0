using System.Globalization;
using Sim.Core.IO;

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
            lines = BoundedFile.ReadAllLines(path, BoundedFile.TableLimit, "a SCALE-Sim topology");
        }
        catch (InputTooLargeException e)
        {
            throw new ScaleSimFormatException(path, 0, "file", $"larger than {BoundedFile.Describe(e.LimitBytes)}, the limit for a topology; is it the right file?");
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
                    throw new ScaleSimFormatException(file, i + 1, columns[c], $"expected a positive integer, got {TextExcerpt.Quote(f[c + 1])}");
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
            if (!FitsInt64(layer, out var what))
            {
                throw new ScaleSimFormatException(file, i + 1, gemm ? "M" : "IFMAP Height",
                    $"layer '{TextExcerpt.Escape(name)}' is too large: {what} exceeds 2^62; a result would overflow 64-bit counters");
            }
            layers.Add(layer);
        }
        if (layers.Count == 0) throw new ScaleSimFormatException(file, headerIndex + 1, "rows", "no layer rows after the header");
        return layers;
    }

    /// <summary>
    /// The layer's derived sizes (GEMM rows, reduction, MACs, IFMAP words) are products of up to four file values;
    /// they are computed exactly here and refused beyond 2^62, so every later count fits in 64 bits (or is checked).
    /// </summary>
    private static bool FitsInt64(TopologyLayer layer, out string what)
    {
        const long Limit = 1L << 62;
        Int128 m = (Int128)layer.OfmapHeight * layer.OfmapWidth;
        Int128 k = (Int128)layer.FilterHeight * layer.FilterWidth * layer.Channels;
        Int128 ifmap = (Int128)layer.IfmapHeight * layer.IfmapWidth * layer.Channels;
        what = m > Limit ? "output pixels (M)" : k > Limit ? "the reduction (K)" : ifmap > Limit ? "IFMAP words" : "";
        if (what.Length > 0)
        {
            return false;
        }
        if (m * layer.NumFilters > Limit || m * layer.NumFilters * k > Limit)
        {
            what = "MACs (M x N x K)";
            return false;
        }
        return true;
    }

    private static string[] Fields(string line)
    {
        var parts = line.Split(',').Select(p => p.Trim()).ToList();
        while (parts.Count > 0 && parts[^1].Length == 0) parts.RemoveAt(parts.Count - 1);
        return [.. parts];
    }
}
