namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// The numeric <c>sweep.csv</c> columns a search may optimize, and how to read each from a point's result.
/// A design without the value (a simulation error, or a device column on a design without a device) has
/// none, and so can never be the optimum. Columns that describe the whole sweep rather than one design
/// (<c>index</c>, the Pareto flags, <c>fits</c>) are not objectives.
/// </summary>
public static class ObjectiveColumns
{
    private static readonly (string Name, Func<SweepMetrics, double?> Read)[] Metrics =
    [
        ("pe_count", m => m.PeCount),
        ("on_chip_buffer_bytes", m => m.OnChipBufferBytes),
        ("cycles", m => m.Cycles),
        ("seconds", m => m.Seconds),
        ("images_per_second", m => m.ImagesPerSecond),
        ("effective_gops", m => m.EffectiveGops),
        ("dense_equivalent_gops", m => m.DenseEquivalentGops),
        ("energy_joules", m => m.EnergyJoules),
        ("gops_per_watt", m => m.GopsPerWatt),
        ("dram_bytes", m => m.DramBytes),
        ("array_utilization", m => m.ArrayUtilization),
        ("dsp_pct", m => m.Cost?.DspPct),
        ("bram_pct", m => m.Cost?.BramPct),
        ("uram_pct", m => m.Cost?.UramPct),
        ("lut_pct", m => m.Cost?.LutPct),
        ("power_w", m => m.PowerW),
        ("images_per_joule", m => m.ImagesPerJoule),
    ];

    /// <summary>Text columns of sweep.csv and per-sweep flags: named in the error for a non-numeric objective.</summary>
    public static readonly IReadOnlyList<string> NotObjectives =
    [
        "index", "id", "model", "method", "nm", "device", "fits", "limiting_resource", "pareto_buffer", "pareto_pes",
        "pareto_dsp", "pareto_power", "pareto_energy_buffer", "status", "error",
    ];

    /// <summary>Metric columns that can be objectives, in sweep.csv order.</summary>
    public static IReadOnlyList<string> MetricNames { get; } = Metrics.Select(m => m.Name).ToArray();

    /// <summary>Every accepted objective name: the metric columns and the numeric axes.</summary>
    public static IReadOnlyList<string> Names { get; } =
        MetricNames.Concat(SweepAxes.All.Where(SweepAxes.IsNumeric).Select(SweepAxes.Name)).ToArray();

    public static bool IsObjective(string name) => Names.Contains(name);

    /// <summary>The column's value for a result; null when the design has none (error row, or no device for a device column).</summary>
    public static double? Value(string name, PointResult result)
    {
        var axis = SweepAxes.Parse(name);
        if (axis is { } a && SweepAxes.IsNumeric(a))
        {
            return result.Metrics is null ? null : result.Point.Number(a);
        }
        foreach (var (column, read) in Metrics)
        {
            if (column == name)
            {
                return result.Metrics is { } m ? read(m) : null;
            }
        }
        throw new ArgumentException($"'{name}' is not an objective column", nameof(name));
    }

    /// <summary>
    /// The score a search ranks a design by (larger is better): the objective, negated when minimizing; null for a
    /// design that failed, does not fit its device, or lacks the column, or whose value is not finite.
    /// </summary>
    public static double? Score(SearchSettings settings, PointResult result)
    {
        if (!SweepTable.Feasible(result) || Value(settings.Objective, result) is not { } value || !double.IsFinite(value))
        {
            return null;
        }
        return settings.Minimize ? -value : value;
    }
}
