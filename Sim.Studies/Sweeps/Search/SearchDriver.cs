namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// Evaluates the designs of a batch (in order) and returns their results, or null when the run was interrupted.
/// The real runner simulates (or reads stored results); a merge or a benchmark only looks results up.
/// </summary>
public delegate IReadOnlyList<PointResult>? BatchEvaluator(IReadOnlyList<SweepPoint> batch);

/// <summary>The evaluations of a search, in canonical order; <see cref="Complete"/> is false when interrupted.</summary>
public sealed record SearchTrace(IReadOnlyList<Evaluation> Evaluations, bool Complete)
{
    /// <summary>The results in evaluation order, each point numbered by its position (the <c>sweep.csv</c> index).</summary>
    public IReadOnlyList<PointResult> Results => Evaluations.Select(e => e.Result).ToList();
}

/// <summary>
/// Runs a search: asks the strategy for a generation of designs, evaluates them as one parallel batch, adds
/// the results to the island's history and repeats until the island's budget is spent or the strategy has no
/// new design. Because every proposal is a function of (seed, island, generation, history), running again over
/// the same stored results replays the same search, which is how resuming and merging work.
/// </summary>
/// <remarks>
/// Sharding: an adaptive strategy's islands (independent searches sharing the budget) are divided among shards,
/// island i on shard i mod N; a non-adaptive strategy proposes everything at generation 0, and its designs are
/// divided as a sweep's points are, design k on shard k mod N. Either way the set of evaluations, and so the
/// merged <c>sweep.csv</c>, does not depend on the number of shards.
/// </remarks>
public static class SearchDriver
{
    /// <summary>
    /// Runs the part of the search that belongs to <paramref name="shard"/>. The returned trace is in canonical
    /// order (generation, island, position in the batch), with designs found by two islands listed once, and
    /// each result's point numbered by its position; it is complete only if every island finished.
    /// </summary>
    public static SearchTrace Run(SweepSpec spec, ISearchStrategy strategy, ShardSpec shard, BatchEvaluator evaluate)
    {
        var settings = spec.Search ?? throw new ArgumentException("the sweep has no search section", nameof(spec));
        var space = new SearchSpace(spec.Axes);
        var all = new List<(Evaluation Evaluation, int Position)>();
        var complete = true;
        if (!strategy.Adaptive)
        {
            complete = RunNonAdaptive(settings, strategy, space, shard, evaluate, all);
        }
        else
        {
            for (var island = shard.Index; island < settings.Islands && complete; island += shard.Count)
            {
                complete = RunIsland(settings, strategy, space, island, evaluate, all);
            }
        }
        return new SearchTrace(Canonical(all), complete);
    }

    private static bool RunNonAdaptive(SearchSettings settings, ISearchStrategy strategy, SearchSpace space, ShardSpec shard, BatchEvaluator evaluate, List<(Evaluation, int)> all)
    {
        var random = new SearchRandom(settings.Seed, 0, 0);
        var context = new SearchContext(space, [], new HashSet<string>(), 0, settings.Budget, settings.Budget, random);
        var proposals = Distinct(space, strategy.Propose(context), new HashSet<string>(StringComparer.Ordinal), settings.Budget);
        var mine = proposals.Where((_, k) => k % shard.Count == shard.Index).ToList();
        var results = evaluate(mine.Select(p => space.PointAt(p, 0)).ToList());
        if (results is null)
        {
            return false;
        }
        var k = 0;
        for (var i = 0; i < proposals.Count; i++)
        {
            if (i % shard.Count == shard.Index)
            {
                var result = results[k++];
                all.Add((new Evaluation(proposals[i], result, ObjectiveColumns.Score(settings, result), 0, 0), i));
            }
        }
        return true;
    }

    private static bool RunIsland(SearchSettings settings, ISearchStrategy strategy, SearchSpace space, int island, BatchEvaluator evaluate, List<(Evaluation, int)> all)
    {
        var budget = settings.IslandBudget(island);
        var history = new List<Evaluation>();
        var evaluated = new HashSet<string>(StringComparer.Ordinal);
        for (var generation = 0; history.Count < budget; generation++)
        {
            var context = new SearchContext(space, history, evaluated, generation, budget, budget - history.Count, new SearchRandom(settings.Seed, island, generation));
            var proposals = Distinct(space, strategy.Propose(context), evaluated, budget - history.Count);
            if (proposals.Count == 0)
            {
                break;
            }
            var results = evaluate(proposals.Select(p => space.PointAt(p, 0)).ToList());
            if (results is null)
            {
                return false;
            }
            for (var i = 0; i < proposals.Count; i++)
            {
                var e = new Evaluation(proposals[i], results[i], ObjectiveColumns.Score(settings, results[i]), island, generation);
                history.Add(e);
                evaluated.Add(results[i].Point.Id);
                all.Add((e, i));
            }
        }
        return true;
    }

    /// <summary>Proposals that are new designs (not in <paramref name="known"/>, not repeated), at most <paramref name="limit"/>.</summary>
    private static List<int[]> Distinct(SearchSpace space, IReadOnlyList<int[]> proposals, IReadOnlySet<string> known, int limit)
    {
        var batch = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<int[]>();
        foreach (var p in proposals)
        {
            if (result.Count == limit)
            {
                break;
            }
            if (p.Length != space.Dimensions || p.Where((v, d) => v < 0 || v >= space.Size(d)).Any())
            {
                throw new InvalidOperationException("a search strategy proposed coordinates outside the space");
            }
            var id = space.PointAt(p, 0).Id;
            if (!known.Contains(id) && batch.Add(id))
            {
                result.Add(p);
            }
        }
        return result;
    }

    /// <summary>Orders by (generation, island, position), keeps each design's first occurrence, numbers the points.</summary>
    private static List<Evaluation> Canonical(List<(Evaluation Evaluation, int Position)> all)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<Evaluation>();
        foreach (var (e, _) in all.OrderBy(x => x.Evaluation.Generation).ThenBy(x => x.Evaluation.Island).ThenBy(x => x.Position))
        {
            if (!seen.Add(e.Result.Point.Id))
            {
                continue;
            }
            var point = new SweepPoint(ordered.Count, e.Result.Point.Values);
            ordered.Add(e with { Result = e.Result with { Point = point } });
        }
        return ordered;
    }
}
