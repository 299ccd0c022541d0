namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// The validated <c>search:</c> section of a sweep file: which strategy explores the sweep's axes, how many
/// designs it may evaluate, and the <c>sweep.csv</c> column it optimizes (maximized over designs that fit,
/// unless <see cref="Minimize"/>). <see cref="Strategy"/> is the resolved strategy name (<c>guided</c> is
/// stored as the strategy it selects), so two spellings of the same search share one fingerprint.
/// </summary>
/// <param name="Strategy">Resolved strategy name, e.g. <c>evolutionary</c>, <c>random</c>, <c>grid</c>.</param>
/// <param name="Budget">Distinct designs evaluated at most (1 to <see cref="MaxBudget"/>).</param>
/// <param name="Objective">A numeric <c>sweep.csv</c> column (<see cref="ObjectiveColumns"/>).</param>
/// <param name="Minimize">True to minimize the objective instead of maximizing it.</param>
/// <param name="Seed">Seed of every random choice the strategy makes.</param>
/// <param name="Islands">Independent runs of an adaptive strategy that share the budget; shards divide them.</param>
public sealed record SearchSettings(string Strategy, int Budget, string Objective, bool Minimize, ulong Seed, int Islands)
{
    /// <summary>Largest accepted budget: each evaluation is a simulated design and a file in points/.</summary>
    public const int MaxBudget = 1_000_000;

    /// <summary>Most islands a search may have.</summary>
    public const int MaxIslands = 4096;

    /// <summary>The budget of island <paramref name="island"/>: the total split evenly, the remainder to the first islands.</summary>
    public int IslandBudget(int island) => Budget / Islands + (island < Budget % Islands ? 1 : 0);
}
