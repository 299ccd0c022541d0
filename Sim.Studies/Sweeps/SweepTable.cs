using System.Globalization;
using System.Text;
using Sim.Studies.Common;
using Sim.Studies.Errors;
using Sim.Studies.Output;

namespace Sim.Studies.Sweeps;

/// <summary>
/// <c>sweep.csv</c>: one row per point in expansion order, the swept axes, the metrics, and whether the
/// point is on a Pareto front of its workload (throughput in images/s against on-chip buffer bytes and
/// against PE count). Built only from stored point results, with invariant round-trip number formatting,
/// so equal results give equal bytes.
/// </summary>
public static class SweepTable
{
    private static readonly string[] MetricColumns =
    [
        "pe_count", "on_chip_buffer_bytes", "cycles", "seconds", "images_per_second", "effective_gops",
        "dense_equivalent_gops", "energy_joules", "gops_per_watt", "dram_bytes", "array_utilization",
    ];

    /// <summary>Workload group of a point (model, batch, method, N:M): Pareto fronts compare designs within one.</summary>
    public static string WorkloadKey(SweepPoint point)
    {
        var parts = new List<string>();
        if (point.Text(SweepAxis.Model) is { } model) parts.Add(model);
        if (point.Text(SweepAxis.Batch) is { } batch) parts.Add("b" + batch);
        if (point.Text(SweepAxis.Method) is { } method) parts.Add(method);
        if (point.Text(SweepAxis.Nm) is { } nm && nm != "dense") parts.Add(nm);
        return string.Join(" ", parts);
    }

    /// <summary>For each result (by position), whether it is on the buffer-bytes and PE-count fronts of its workload.</summary>
    public static (bool[] Buffer, bool[] Pes) ParetoFlags(IReadOnlyList<PointResult> results)
    {
        var buffer = new bool[results.Count];
        var pes = new bool[results.Count];
        foreach (var group in Enumerable.Range(0, results.Count).Where(i => results[i].Ok).GroupBy(i => WorkloadKey(results[i].Point)))
        {
            var members = group.ToList();
            foreach (var i in ParetoFront.Indices(members, i => results[i].Metrics!.OnChipBufferBytes, i => results[i].Metrics!.ImagesPerSecond))
            {
                buffer[members[i]] = true;
            }
            foreach (var i in ParetoFront.Indices(members, i => results[i].Metrics!.PeCount, i => results[i].Metrics!.ImagesPerSecond))
            {
                pes[members[i]] = true;
            }
        }
        return (buffer, pes);
    }

    public static string ToCsv(SweepSpec spec, IReadOnlyList<PointResult> results)
    {
        var axes = spec.Axes.Select(a => a.Axis).ToList();
        var text = new StringBuilder();
        text.Append(CsvLine.Join(new[] { "index", "id" }
            .Concat(axes.Select(SweepAxes.Name))
            .Concat(MetricColumns)
            .Concat(["pareto_buffer", "pareto_pes", "status", "error"]))).Append('\n');
        var (buffer, pes) = ParetoFlags(results);
        for (var r = 0; r < results.Count; r++)
        {
            var result = results[r];
            var fields = new List<string> { result.Point.Index.ToString(CultureInfo.InvariantCulture), result.Point.Id };
            fields.AddRange(axes.Select(a => result.Point.Text(a) ?? ""));
            if (result.Metrics is { } m)
            {
                fields.AddRange(
                [
                    I(m.PeCount), I(m.OnChipBufferBytes), I(m.Cycles), D(m.Seconds), D(m.ImagesPerSecond), D(m.EffectiveGops),
                    D(m.DenseEquivalentGops), D(m.EnergyJoules), D(m.GopsPerWatt), I(m.DramBytes), D(m.ArrayUtilization),
                    buffer[r] ? "1" : "0", pes[r] ? "1" : "0", "ok", "",
                ]);
            }
            else
            {
                fields.AddRange(Enumerable.Repeat("", MetricColumns.Length));
                fields.AddRange(["0", "0", "error", result.Error ?? ""]);
            }
            text.Append(CsvLine.Join(fields)).Append('\n');
        }
        return text.ToString();
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
