namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// Random search: the whole budget of distinct designs drawn uniformly (seeded) at once, in draw order. The
/// baseline a guided strategy must beat at the same budget.
/// </summary>
public sealed class RandomStrategy : ISearchStrategy
{
    public string Name => "random";

    public string Description => "distinct designs drawn uniformly at random (seeded), all at once";

    public bool Adaptive => false;

    public IReadOnlyList<int[]> Propose(SearchContext context) =>
        context.Generation > 0 ? [] : DesignSampler.Draw(context, context.Remaining, new HashSet<string>(StringComparer.Ordinal));
}
