using System.Globalization;

namespace Sim.Components.ScaleSim;

/// <summary>
/// Writes SCALE-Sim v2's COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv with its column
/// names and row layout ("id, v1, v2, ...," with a trailing comma), numbers formatted as Python's str() does
/// (shortest round-trip, "100.0" for whole floats), so existing SCALE-Sim scripts read them unchanged.
/// </summary>
public static class ScaleSimReportWriter
{
    public const string ComputeHeader = "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,";
    public const string BandwidthHeader = "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,";
    public const string DetailHeader = "LayerID, SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, SRAM Filter Start Cycle, SRAM Filter Stop Cycle, SRAM Filter Reads, SRAM OFMAP Start Cycle, SRAM OFMAP Stop Cycle, SRAM OFMAP Writes, DRAM IFMAP Start Cycle, DRAM IFMAP Stop Cycle, DRAM IFMAP Reads, DRAM Filter Start Cycle, DRAM Filter Stop Cycle, DRAM Filter Reads, DRAM OFMAP Start Cycle, DRAM OFMAP Stop Cycle, DRAM OFMAP Writes,";

    public static void WriteCompute(TextWriter w, IEnumerable<ScaleSimLayerResult> rows)
    {
        w.Write(ComputeHeader + "\n");
        foreach (var r in rows)
        {
            Row(w, r.LayerId, r.TotalCycles.ToString(CultureInfo.InvariantCulture), r.StallCycles.ToString(CultureInfo.InvariantCulture),
                Py(r.OverallUtilPercent), Py(r.MappingEfficiencyPercent), Py(r.ComputeUtilPercent));
        }
    }

    public static void WriteBandwidth(TextWriter w, IEnumerable<ScaleSimLayerResult> rows)
    {
        w.Write(BandwidthHeader + "\n");
        foreach (var r in rows)
        {
            Row(w, r.LayerId, Py(r.AvgIfmapSramBw), Py(r.AvgFilterSramBw), Py(r.AvgOfmapSramBw),
                Py(r.DramIfmap.Bandwidth), Py(r.DramFilter.Bandwidth), Py(r.DramOfmap.Bandwidth));
        }
    }

    public static void WriteDetail(TextWriter w, IEnumerable<ScaleSimLayerResult> rows)
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
