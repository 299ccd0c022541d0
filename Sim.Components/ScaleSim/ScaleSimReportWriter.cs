using System.Globalization;

namespace Sim.Components.ScaleSim;

/// <summary>
/// Writes SCALE-Sim v2's COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv with its column
/// names and row layout ("id, v1, v2, ...," with a trailing comma), numbers formatted as Python's str() does
/// (shortest round-trip, "100.0" for whole floats), so existing SCALE-Sim scripts read them unchanged. With SCALE-Sim
/// v3's layer-wise sparsity (rows with <see cref="ScaleSimLayerResult.Sparse"/>) it writes v3's layout instead: the
/// compute report leads with "Total Cycles (incl. prefetch)", the bandwidth report has the filter metadata column,
/// and SPARSE_REPORT.csv is written too.
/// </summary>
public static class ScaleSimReportWriter
{
    public const string ComputeHeader = "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,";
    public const string BandwidthHeader = "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,";
    public const string DetailHeader = "LayerID, SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, SRAM Filter Start Cycle, SRAM Filter Stop Cycle, SRAM Filter Reads, SRAM OFMAP Start Cycle, SRAM OFMAP Stop Cycle, SRAM OFMAP Writes, DRAM IFMAP Start Cycle, DRAM IFMAP Stop Cycle, DRAM IFMAP Reads, DRAM Filter Start Cycle, DRAM Filter Stop Cycle, DRAM Filter Reads, DRAM OFMAP Start Cycle, DRAM OFMAP Stop Cycle, DRAM OFMAP Writes,";

    public const string ComputeHeaderV3 = "LayerID, Total Cycles (incl. prefetch), Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,";
    public const string BandwidthHeaderV3 = "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg FILTER Metadata SRAM BW, Avg OFMAP SRAM BW, Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,";
    public const string SparseHeader = "LayerID, Sparsity Representation, Original Filter Storage, New Storage (Filter+Metadata), Filter Metadata Storage, Avg FILTER Metadata SRAM BW, ";

    /// <summary>True when the rows carry SCALE-Sim v3 layer-wise sparsity (v3 report layout).</summary>
    public static bool IsV3Sparse(IReadOnlyList<ScaleSimLayerResult> rows) => rows.Count > 0 && rows.All(r => r.Sparse is not null);

    public static void WriteCompute(TextWriter w, IReadOnlyList<ScaleSimLayerResult> rows)
    {
        var v3 = IsV3Sparse(rows);
        w.Write((v3 ? ComputeHeaderV3 : ComputeHeader) + "\n");
        foreach (var r in rows)
        {
            var cells = new List<string>();
            if (v3) cells.Add(r.CyclesInclPrefetch.ToString(CultureInfo.InvariantCulture));
            cells.AddRange([r.TotalCycles.ToString(CultureInfo.InvariantCulture), r.StallCycles.ToString(CultureInfo.InvariantCulture),
                Py(r.OverallUtilPercent), Py(r.MappingEfficiencyPercent), Py(r.ComputeUtilPercent)]);
            Row(w, r.LayerId, [.. cells]);
        }
    }

    public static void WriteBandwidth(TextWriter w, IReadOnlyList<ScaleSimLayerResult> rows)
    {
        var v3 = IsV3Sparse(rows);
        w.Write((v3 ? BandwidthHeaderV3 : BandwidthHeader) + "\n");
        foreach (var r in rows)
        {
            var cells = new List<string> { Py(r.AvgIfmapSramBw), Py(r.AvgFilterSramBw) };
            if (v3) cells.Add(Py(r.AvgFilterMetadataSramBw));
            cells.AddRange([Py(r.AvgOfmapSramBw), Py(r.DramIfmap.Bandwidth), Py(r.DramFilter.Bandwidth), Py(r.DramOfmap.Bandwidth)]);
            Row(w, r.LayerId, [.. cells]);
        }
    }

    /// <summary>SCALE-Sim v3's SPARSE_REPORT.csv (only for rows with <see cref="ScaleSimLayerResult.Sparse"/>).</summary>
    public static void WriteSparse(TextWriter w, IReadOnlyList<ScaleSimLayerResult> rows)
    {
        w.Write(SparseHeader + "\n");
        foreach (var r in rows)
        {
            var s = r.Sparse ?? throw new ArgumentException($"layer {r.LayerId} has no sparsity figures", nameof(rows));
            Row(w, r.LayerId, s.Representation, s.OriginalStorage, s.NewStorage, s.MetadataStorage, Py(r.AvgFilterMetadataSramBw));
        }
    }

    public static void WriteDetail(TextWriter w, IReadOnlyList<ScaleSimLayerResult> rows)
    {
        w.Write(DetailHeader + "\n");
        foreach (var r in rows)
        {
            var cells = new List<string>();
            foreach (var a in new[] { r.SramIfmap, r.SramFilter, r.SramOfmap, r.DramIfmap, r.DramFilter, r.DramOfmap })
            {
                // SCALE-Sim takes these cycles from float trace matrices, so it prints them as floats ("1.0").
                cells.Add(Py(a.Start));
                cells.Add(Py(a.Stop));
                cells.Add(a.Accesses.ToString(CultureInfo.InvariantCulture));
            }
            if (r.ScaledIfmapSramReads is { } scaled) cells[2] = Py(scaled);
            Row(w, r.LayerId, [.. cells]);
        }
    }

    private static void Row(TextWriter w, int id, params string[] cells)
        => w.Write(id.ToString(CultureInfo.InvariantCulture) + ", " + string.Join(", ", cells) + ",\n");

    /// <summary>Python's str(float): shortest round-trip digits, always with a decimal point or exponent.</summary>
    public static string Py(double x)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        var abs = Math.Abs(x);
        if (x != 0 && (abs >= 1e16 || abs < 1e-4))
        {
            var s = x.ToString("E16", CultureInfo.InvariantCulture);
            // Shortest round-trip mantissa in Python's exponent form (e.g. 1e-05, 1.5e+16).
            var r = x.ToString("R", CultureInfo.InvariantCulture);
            var ePos = r.IndexOf('E');
            var mantissa = ePos < 0 ? r : r[..ePos];
            var exp = ePos < 0 ? int.Parse(s[(s.IndexOf('E') + 1)..], CultureInfo.InvariantCulture) : int.Parse(r[(ePos + 1)..], CultureInfo.InvariantCulture);
            if (ePos < 0)
            {
                // .NET printed positional digits; renormalize.
                var digits = mantissa.TrimStart('-').Replace(".", "", StringComparison.Ordinal).TrimStart('0').TrimEnd('0');
                mantissa = (x < 0 ? "-" : "") + (digits.Length > 1 ? digits[0] + "." + digits[1..] : digits);
            }
            return $"{mantissa}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
        }
        var text = x.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }
}
