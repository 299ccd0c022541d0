namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// Grid search: designs in the sweep's expansion order (last axis fastest), the first <c>budget</c> of them.
/// With a budget at least the grid's size it evaluates exactly what the plain sweep would.
/// </summary>
public sealed class GridStrategy : ISearchStrategy
{
    public string Name => "grid";

    public string Description => "designs in grid order (last axis fastest) until the budget is spent";

    public bool Adaptive => false;

    public IReadOnlyList<int[]> Propose(SearchContext context)
    {
        var result = new List<int[]>();
        if (context.Generation > 0)
        {
            return result;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (long p = 0; p < context.Space.Total && result.Count < context.Remaining; p++)
        {
            var coordinates = context.Space.Decode(p);
            if (seen.Add(context.Space.PointAt(coordinates, 0).Id))
            {
                result.Add(coordinates);
            }
        }
        return result;
    }
}
