namespace Sim.Studies.Sweeps;

/// <summary>
/// Pareto-optimal designs: those no other design beats on both a cost (PE count, on-chip buffer bytes)
/// and throughput. A design is on the front when every cheaper-or-equal design has strictly lower throughput.
/// </summary>
public static class ParetoFront
{
    /// <summary>Indices (into <paramref name="items"/>) of the front, in increasing cost.</summary>
    public static IReadOnlyList<int> Indices<T>(IReadOnlyList<T> items, Func<T, double> cost, Func<T, double> throughput)
    {
        var order = Enumerable.Range(0, items.Count)
            .OrderBy(i => cost(items[i]))
            .ThenByDescending(i => throughput(items[i]))
            .ThenBy(i => i)
            .ToList();
        var front = new List<int>();
        var best = double.NegativeInfinity;
        foreach (var i in order)
        {
            var t = throughput(items[i]);
            if (t > best)
            {
                front.Add(i);
                best = t;
            }
        }
        return front;
    }
}
