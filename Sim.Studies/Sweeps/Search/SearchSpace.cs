namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// The discrete space a search explores: the sweep's axes, each a list of values, so a design is a vector of
/// value indices (coordinates). Neighbouring indices are neighbouring values, which is what the guided
/// strategy's mutation steps rely on. Turning coordinates into a <see cref="SweepPoint"/> applies the sweep's
/// rule that dense points ignore N:M, so two coordinate vectors can name one design (same point id).
/// </summary>
public sealed class SearchSpace
{
    /// <summary>Largest number of designs a space may hold (positions must fit a long with room to spare).</summary>
    public const long MaxDesigns = 1L << 62;

    private readonly AxisValues[] _axes;

    public SearchSpace(IReadOnlyList<AxisValues> axes)
    {
        _axes = axes.ToArray();
        long total = 1;
        foreach (var axis in _axes)
        {
            if (axis.Values.Count == 0)
            {
                throw new ArgumentException($"axis {SweepAxes.Name(axis.Axis)} has no values", nameof(axes));
            }
            total = total > MaxDesigns / axis.Values.Count ? MaxDesigns + 1 : total * axis.Values.Count;
        }
        if (total > MaxDesigns)
        {
            throw new ArgumentException($"the search space has more than {MaxDesigns} designs", nameof(axes));
        }
        Total = total;
    }

    /// <summary>Axes in sweep order (the last varies fastest in <see cref="Decode"/>).</summary>
    public IReadOnlyList<AxisValues> Axes => _axes;

    public int Dimensions => _axes.Length;

    /// <summary>Number of coordinate vectors (grid positions); designs may be fewer (dense ignores N:M).</summary>
    public long Total { get; }

    public int Size(int dimension) => _axes[dimension].Values.Count;

    /// <summary>Coordinates of a grid position (mixed radix, last axis least significant), the order sweeps expand in.</summary>
    public int[] Decode(long position)
    {
        var coordinates = new int[_axes.Length];
        for (var i = _axes.Length - 1; i >= 0; i--)
        {
            var count = _axes[i].Values.Count;
            coordinates[i] = (int)(position % count);
            position /= count;
        }
        return coordinates;
    }

    /// <summary>The grid position of coordinates (inverse of <see cref="Decode"/>).</summary>
    public long Encode(IReadOnlyList<int> coordinates)
    {
        long position = 0;
        for (var i = 0; i < _axes.Length; i++)
        {
            position = position * _axes[i].Values.Count + coordinates[i];
        }
        return position;
    }

    /// <summary>The design at <paramref name="coordinates"/>, numbered <paramref name="index"/>.</summary>
    public SweepPoint PointAt(IReadOnlyList<int> coordinates, int index)
    {
        var values = new Dictionary<SweepAxis, string>();
        for (var i = 0; i < _axes.Length; i++)
        {
            values[_axes[i].Axis] = _axes[i].Values[coordinates[i]];
        }
        if (values.TryGetValue(SweepAxis.Method, out var method) && method == "dense" && values.ContainsKey(SweepAxis.Nm))
        {
            values[SweepAxis.Nm] = "dense";
        }
        return new SweepPoint(index, values);
    }
}
