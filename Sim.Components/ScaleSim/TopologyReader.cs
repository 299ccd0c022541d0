using System.Globalization;
using Sim.Vocabulary.IO;

namespace Sim.Components.ScaleSim;

/// <summary>
/// Reads a SCALE-Sim topology CSV the way SCALE-Sim v2 does. The first line is a header and its text is not
/// interpreted (SCALE-Sim's own files spell it many ways, some with a UTF-8 byte-order mark or non-breaking spaces),
/// except that a header whose 2nd to 4th fields are <c>M, N, K</c> selects the GEMM form (<c>Layer, M, N, K</c>;
/// SCALE-Sim's <c>-i gemm</c>). Otherwise rows are convolutions: name, IFMAP height, IFMAP width, filter height,
/// filter width, channels, filters, vertical stride and an optional 9th field, the horizontal stride (default: the
/// vertical one). Blank lines are skipped; trailing commas are optional. A convolution whose name contains
/// <c>DP</c> is depth-wise: like SCALE-Sim it becomes one single-channel layer per channel, named
/// <c>&lt;name&gt;Channel_&lt;i&gt;</c>. Bad rows throw <see cref="ScaleSimFormatException"/> naming file, line and column.
/// </summary>
public static class TopologyReader
{
    private static readonly string[] ConvColumns = ["IFMAP Height", "IFMAP Width", "Filter Height", "Filter Width", "Channels", "Num Filter", "Strides"];
    private static readonly string[] GemmColumns = ["M", "N", "K"];
    private const string StrideWidthColumn = "Stride width";

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

    /// <summary>True if the header names the GEMM form (fields 2-4 are M, N, K).</summary>
    public static bool IsGemmHeader(string header)
    {
        var h = Fields(header);
        return h.Length >= 4 && GemmColumns.Select((c, j) => string.Equals(h[j + 1], c, StringComparison.OrdinalIgnoreCase)).All(x => x);
    }

    public static IReadOnlyList<TopologyLayer> Parse(string file, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0 || lines.All(l => Clean(l).Length == 0)) throw new ScaleSimFormatException(file, 0, "header", "empty topology file");
        var gemm = IsGemmHeader(lines[0]);
        var columns = gemm ? GemmColumns : ConvColumns;
        var layers = new List<TopologyLayer>();
        for (var i = 1; i < lines.Count; i++)
        {
            if (Clean(lines[i]).Length == 0) continue;
            var f = Fields(lines[i]);
            if (f.Length < columns.Length + 1)
            {
                throw new ScaleSimFormatException(file, i + 1, columns[Math.Max(0, Math.Min(columns.Length - 1, f.Length - 1))],
                    $"expected {columns.Length + 1} fields ({(gemm ? "Layer, M, N, K" : "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides[, Stride width]")}), got {f.Length}");
            }
            var values = new int[columns.Length];
            for (var c = 0; c < columns.Length; c++) values[c] = Positive(file, i + 1, columns[c], f[c + 1]);
            var name = f[0];
            // SCALE-Sim v3's Sparsity column ("N:M") is the first field after the numbers that contains ':'.
            var (sn, sm) = (1, 1);
            var extra = gemm ? 4 : 8;
            var sparsityAt = Array.FindIndex(f, extra, s => s.Contains(':', StringComparison.Ordinal));
            if (sparsityAt >= 0) (sn, sm) = Ratio(file, i + 1, f[sparsityAt]);
            if (gemm)
            {
                var g = TopologyLayer.FromGemm(name, values[0], values[1], values[2]) with { SparsityN = sn, SparsityM = sm };
                if (!FitsInt64(g, out var gWhat))
                {
                    throw new ScaleSimFormatException(file, i + 1, "M", $"layer '{TextExcerpt.Escape(name)}' is too large: {gWhat} exceeds 2^62; a result would overflow 64-bit counters");
                }
                layers.Add(g);
                continue;
            }
            var strideWidth = f.Length > 8 && f[8].Length > 0 && sparsityAt != 8 ? Positive(file, i + 1, StrideWidthColumn, f[8]) : values[6];
            var layer = new TopologyLayer(name, values[0], values[1], values[2], values[3], values[4], values[5], values[6])
            {
                StrideWidth = strideWidth, SparsityN = sn, SparsityM = sm,
            };
            if (layer.FilterHeight > layer.IfmapHeight || layer.FilterWidth > layer.IfmapWidth)
            {
                throw new ScaleSimFormatException(file, i + 1, "Filter Height",
                    $"filter {layer.FilterHeight}x{layer.FilterWidth} is larger than the IFMAP {layer.IfmapHeight}x{layer.IfmapWidth}");
            }
            if (!FitsInt64(layer, out var what))
            {
                throw new ScaleSimFormatException(file, i + 1, "IFMAP Height",
                    $"layer '{TextExcerpt.Escape(name)}' is too large: {what} exceeds 2^62; a result would overflow 64-bit counters");
            }
            if (name.Contains("DP", StringComparison.Ordinal))
            {
                for (var ch = 0; ch < layer.Channels; ch++) layers.Add(layer with { Name = $"{name}Channel_{ch}", Channels = 1 });
            }
            else
            {
                layers.Add(layer);
            }
        }
        if (layers.Count == 0) throw new ScaleSimFormatException(file, 1, "rows", "no layer rows after the header");
        return layers;
    }

    private static int Positive(string file, int line, string column, string text)
        => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : throw new ScaleSimFormatException(file, line, column, $"expected a positive integer, got {TextExcerpt.Quote(text)}");

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

    private static (int N, int M) Ratio(string file, int line, string text)
    {
        var parts = text.Split(':');
        if (parts.Length == 2 && int.TryParse(parts[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            && int.TryParse(parts[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) && n > 0 && m > 0 && n <= m)
        {
            return (n, m);
        }
        throw new ScaleSimFormatException(file, line, "Sparsity", $"expected N:M with 1 <= N <= M, got {TextExcerpt.Quote(text)}");
    }

    /// <summary>Trims whitespace, non-breaking spaces and a byte-order mark.</summary>
    private static string Clean(string s) => s.Trim().Trim('\uFEFF', '\u00A0').Trim();

    private static string[] Fields(string line)
    {
        var parts = line.Split(',').Select(Clean).ToList();
        while (parts.Count > 0 && parts[^1].Length == 0) parts.RemoveAt(parts.Count - 1);
        return [.. parts];
    }
}
