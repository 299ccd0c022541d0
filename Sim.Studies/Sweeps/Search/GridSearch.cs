namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// The default strategy: one round holding the whole grid (or its seeded random sample), in the stable
/// order of <see cref="PointExpansion"/>.
/// </summary>
public sealed class GridSearch : ISweepSearchStrategy
{
    public const string StrategyName = "grid";

    public string Name => StrategyName;

    public IReadOnlyList<SweepPoint> Next(SweepSpec spec, IReadOnlyList<PointResult> results)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(results);
        return results.Count == 0 ? PointExpansion.Expand(spec) : [];
    }
}
