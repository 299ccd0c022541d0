namespace Sim.Components.Reports;

/// <summary>The report names of <see cref="Bound"/> values (layers.csv, report.json), one place so they never drift.</summary>
public static class BoundNames
{
    private static readonly string[] Names =
        ["compute", "input_bandwidth", "weight_bandwidth", "index_bandwidth", "dram", "vector", "sparse_gen", "dependence"];

    /// <summary>The seven resources with an alone-cycle figure, in report order (every bound but dependence).</summary>
    public static IReadOnlyList<Bound> Resources { get; } =
        [Bound.Compute, Bound.InputBandwidth, Bound.WeightBandwidth, Bound.IndexBandwidth, Bound.Dram, Bound.Vector, Bound.SparseGen];

    /// <summary>Every bound in report order.</summary>
    public static IReadOnlyList<Bound> All { get; } = [.. Resources, Bound.Dependence];

    public static string Of(Bound bound) => Names[(int)bound];

    /// <summary>The bound named <paramref name="name"/> (as written by <see cref="Of"/>), or null.</summary>
    public static Bound? Parse(string name)
    {
        var i = Array.IndexOf(Names, name);
        return i < 0 ? null : (Bound)i;
    }
}
