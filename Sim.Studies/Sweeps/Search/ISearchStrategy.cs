namespace Sim.Studies.Sweeps.Search;

/// <summary>One evaluated design of a search: where it is in the space, its result and its score (null: not a candidate).</summary>
public sealed record Evaluation(int[] Coordinates, PointResult Result, double? Score, int Island, int Generation);

/// <summary>
/// What a strategy sees when asked for the next designs of one island: the space, every design this island
/// has evaluated so far (in order), its generation number and remaining budget, and the generation's seeded
/// random choices.
/// </summary>
public sealed class SearchContext(SearchSpace space, IReadOnlyList<Evaluation> history, IReadOnlySet<string> evaluated, int generation, int budget, int remaining, SearchRandom random)
{
    public SearchSpace Space { get; } = space;

    public IReadOnlyList<Evaluation> History { get; } = history;

    /// <summary>Point ids of <see cref="History"/>: a proposal with one of these ids is not a new design.</summary>
    public IReadOnlySet<string> Evaluated { get; } = evaluated;

    public int Generation { get; } = generation;

    /// <summary>This island's whole budget.</summary>
    public int Budget { get; } = budget;

    /// <summary>Designs this island may still evaluate (at least 1 when a strategy is asked).</summary>
    public int Remaining { get; } = remaining;

    public SearchRandom Random { get; } = random;

    /// <summary>True when the design at <paramref name="coordinates"/> has been evaluated or is in <paramref name="batch"/>.</summary>
    public bool IsKnown(IReadOnlyList<int> coordinates, ISet<string> batch)
    {
        var id = Space.PointAt(coordinates, 0).Id;
        return Evaluated.Contains(id) || batch.Contains(id);
    }
}

/// <summary>
/// A way to choose which designs of a sweep's space to evaluate. A strategy is a pure function of its context:
/// the same history, generation and seed give the same proposals, which makes searches deterministic,
/// resumable (the history is replayed from stored results) and mergeable. Implementations are registered
/// services (<see cref="Composition.StudyServiceCollectionExtensions"/>), gathered by <see cref="SearchStrategies"/>
/// under <see cref="Name"/>; registering one with a built-in's name replaces it.
/// </summary>
/// <remarks>
/// This is SatSim's one search-strategy interface. A plain sweep (no <c>search:</c> section) has no strategy: it
/// evaluates the whole grid (<see cref="SweepJob"/>). <see cref="SearchDriver"/> adds what every strategy needs
/// around it: the budget, the objective, islands for shards, and a canonical order that a merge can replay.
/// </remarks>
public interface ISearchStrategy
{
    /// <summary>Name in <c>search.strategy</c> (lower case).</summary>
    string Name { get; }

    /// <summary>One line for help and errors.</summary>
    string Description { get; }

    /// <summary>
    /// True when proposals depend on earlier results (a guided strategy): its evaluations come in generations,
    /// and shards divide islands. False: every proposal is made at generation 0, and shards divide those designs.
    /// </summary>
    bool Adaptive { get; }

    /// <summary>
    /// The next designs to evaluate, as coordinates: new designs (not in the history), at most
    /// <see cref="SearchContext.Remaining"/>; an empty list ends the island's search (space exhausted).
    /// </summary>
    IReadOnlyList<int[]> Propose(SearchContext context);
}
