using Sim.Vocabulary.IO;
using System.Globalization;
using System.Text;
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
        "device", "fits", "limiting_resource", "dsp_pct", "bram_pct", "uram_pct", "lut_pct", "power_w", "images_per_joule",
    ];

    /// <summary>A point that simulated and whose design fits its device (or has no device).</summary>
    public static bool Feasible(PointResult r) => r.Metrics is { } m && m.Cost is not { Fits: false };

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
        foreach (var group in Enumerable.Range(0, results.Count).Where(i => Feasible(results[i])).GroupBy(i => WorkloadKey(results[i].Point)))
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

    /// <summary>
    /// Fronts of the cost side, over feasible points per workload: images/s against DSP utilization (of designs with a
    /// device) and against average power, images/J against on-chip buffer bytes.
    /// </summary>
    public static (bool[] Dsp, bool[] Power, bool[] EnergyBuffer) CostParetoFlags(IReadOnlyList<PointResult> results)
    {
        var dsp = new bool[results.Count];
        var power = new bool[results.Count];
        var energy = new bool[results.Count];
        foreach (var group in Enumerable.Range(0, results.Count).Where(i => Feasible(results[i])).GroupBy(i => WorkloadKey(results[i].Point)))
        {
            var members = group.ToList();
            var withDevice = members.Where(i => results[i].Metrics!.Cost is not null).ToList();
            foreach (var i in ParetoFront.Indices(withDevice, i => results[i].Metrics!.Cost!.DspPct, i => results[i].Metrics!.ImagesPerSecond))
            {
                dsp[withDevice[i]] = true;
            }
            foreach (var i in ParetoFront.Indices(members, i => results[i].Metrics!.PowerW, i => results[i].Metrics!.ImagesPerSecond))
            {
                power[members[i]] = true;
            }
            foreach (var i in ParetoFront.Indices(members, i => results[i].Metrics!.OnChipBufferBytes, i => results[i].Metrics!.ImagesPerJoule))
            {
                energy[members[i]] = true;
            }
        }
        return (dsp, power, energy);
    }

    /// <summary>
    /// <c>best.csv</c>: per workload and device the feasible design with the most images/s (ties: fewer PEs, then the
    /// earlier point), with its key and figures.
    /// </summary>
    public static string BestPerDeviceCsv(IReadOnlyList<PointResult> results)
    {
        var text = new StringBuilder();
        text.Append(CsvLine.Join(["workload", "device", "index", "id", "key", "images_per_second", "images_per_joule", "power_w", "pe_count",
            "on_chip_buffer_bytes", "limiting_resource", "dsp_pct", "lut_pct", "bram_pct", "uram_pct"])).Append('\n');
        var best = results.Where(Feasible)
            .GroupBy(r => (Workload: WorkloadKey(r.Point), Device: r.Metrics!.Cost?.Device ?? ""))
            .OrderBy(g => g.Key.Workload, StringComparer.Ordinal).ThenBy(g => g.Key.Device, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(r => r.Metrics!.ImagesPerSecond).ThenBy(r => r.Metrics!.PeCount).ThenBy(r => r.Point.Index).First())
            .ToList();
        var covered = best.Select(r => (WorkloadKey(r.Point), r.Metrics!.Cost?.Device ?? "")).ToHashSet();
        foreach (var g in results.Where(r => r.Metrics?.Cost is not null).GroupBy(r => (WorkloadKey(r.Point), r.Metrics!.Cost!.Device))
                     .Where(g => !covered.Contains(g.Key)).OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal))
        {
            text.Append(CsvLine.Join([g.Key.Item1, g.Key.Item2, "", "", $"no feasible design among {g.Count()}", "", "", "", "", "", "", "", "", "", ""])).Append('\n');
        }
        foreach (var r in best)
        {
            var m = r.Metrics!;
            text.Append(CsvLine.Join([WorkloadKey(r.Point), m.Cost?.Device ?? "", I(r.Point.Index), r.Point.Id, r.Point.Key, D(m.ImagesPerSecond),
                D(m.ImagesPerJoule), D(m.PowerW), I(m.PeCount), I(m.OnChipBufferBytes), m.Cost?.LimitingResource ?? "",
                m.Cost is { } a ? D(a.DspPct) : "", m.Cost is { } b ? D(b.LutPct) : "", m.Cost is { } c ? D(c.BramPct) : "", m.Cost is { } d ? D(d.UramPct) : ""])).Append('\n');
        }
        return text.ToString();
    }

    public static string ToCsv(SweepSpec spec, IReadOnlyList<PointResult> results)
    {
        // The device axis is shown by the 'device' metric column (also filled from the base hardware's device).
        var axes = spec.Axes.Select(a => a.Axis).Where(a => a != SweepAxis.Device).ToList();
        var text = new StringBuilder();
        text.Append(CsvLine.Join(new[] { "index", "id" }
            .Concat(axes.Select(SweepAxes.Name))
            .Concat(MetricColumns)
            .Concat(["pareto_buffer", "pareto_pes", "pareto_dsp", "pareto_power", "pareto_energy_buffer", "status", "error"]))).Append('\n');
        var (buffer, pes) = ParetoFlags(results);
        var (dsp, power, energyBuffer) = CostParetoFlags(results);
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
                    m.Cost?.Device ?? "", m.Cost is { } c0 ? (c0.Fits ? "1" : "0") : "", m.Cost?.LimitingResource ?? "",
                    m.Cost is { } c1 ? D(c1.DspPct) : "", m.Cost is { } c2 ? D(c2.BramPct) : "", m.Cost is { } c3 ? D(c3.UramPct) : "",
                    m.Cost is { } c4 ? D(c4.LutPct) : "", D(m.PowerW), D(m.ImagesPerJoule),
                    buffer[r] ? "1" : "0", pes[r] ? "1" : "0", dsp[r] ? "1" : "0", power[r] ? "1" : "0", energyBuffer[r] ? "1" : "0",
                    m.Cost is { Fits: false } ? "infeasible" : "ok", m.Cost is { Fits: false } c5 ? c5.Reason : "",
                ]);
            }
            else
            {
                fields.AddRange(Enumerable.Repeat("", MetricColumns.Length));
                fields.AddRange(["0", "0", "0", "0", "0", "error", result.Error ?? ""]);
            }
            text.Append(CsvLine.Join(fields)).Append('\n');
        }
        return text.ToString();
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
