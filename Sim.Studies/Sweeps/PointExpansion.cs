namespace Sim.Studies.Sweeps;

/// <summary>
/// Turns a sweep into its list of design points in a stable order: the cartesian product of the axes in
/// <see cref="SweepAxis"/> order, last axis fastest, values in file order. Dense points ignore N:M (their
/// N:M is written "dense"), so a dense method crossed with several patterns yields one point, at the
/// first position it occurs. With random sampling, the chosen grid positions are kept in grid order.
/// </summary>
public static class PointExpansion
{
    /// <summary>Above this many grid points a sweep must sample (<c>random.samples</c>) instead.</summary>
    public const long MaxGridPoints = 10_000_000;

    public static IReadOnlyList<SweepPoint> Expand(SweepSpec spec)
    {
        var axes = spec.Axes;
        long total = 1;
        foreach (var axis in axes)
        {
            if (total > long.MaxValue / Math.Max(1, axis.Values.Count))
            {
                throw new Errors.SatSimInputException(spec.SourcePath, "the grid has more than 9.2e18 points, beyond what a point index can hold; expected fewer axis values");
            }
            total *= axis.Values.Count;
        }

        IEnumerable<long> positions;
        if (spec.Random is { } random && random.Samples < total)
        {
            positions = Sample(total, random.Samples, random.Seed);
        }
        else
        {
            if (total > MaxGridPoints)
            {
                throw new Errors.SatSimInputException(spec.SourcePath, $"the grid has {total.ToString(System.Globalization.CultureInfo.InvariantCulture)} points (limit {MaxGridPoints}); add random: {{samples: N, seed: S}} or a search: section");
            }
            positions = LongRange(total);
        }

        var points = new List<SweepPoint>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var position in positions)
        {
            var values = Decode(axes, position);
            if (values.TryGetValue(SweepAxis.Method, out var method) && method == "dense" && values.ContainsKey(SweepAxis.Nm))
            {
                values[SweepAxis.Nm] = "dense";
            }
            var point = new SweepPoint(points.Count, values);
            if (seen.Add(point.Id))
            {
                points.Add(point);
            }
        }
        return points;
    }

    private static IEnumerable<long> LongRange(long count)
    {
        for (long i = 0; i < count; i++)
        {
            yield return i;
        }
    }

    /// <summary>Mixed-radix decoding of a grid position; the last axis is the least significant digit.</summary>
    private static Dictionary<SweepAxis, string> Decode(IReadOnlyList<AxisValues> axes, long position)
    {
        var values = new Dictionary<SweepAxis, string>();
        for (var i = axes.Count - 1; i >= 0; i--)
        {
            var count = axes[i].Values.Count;
            values[axes[i].Axis] = axes[i].Values[(int)(position % count)];
            position /= count;
        }
        return values;
    }

    /// <summary>Floyd's algorithm: <paramref name="samples"/> distinct positions of [0, total), sorted.</summary>
    private static IEnumerable<long> Sample(long total, int samples, ulong seed)
    {
        var rng = new SplitMix64Stream(seed);
        var chosen = new HashSet<long>();
        for (var j = total - samples; j < total; j++)
        {
            var t = (long)rng.NextBelow((ulong)(j + 1));
            chosen.Add(chosen.Contains(t) ? j : t);
        }
        return chosen.Order();
    }
}
