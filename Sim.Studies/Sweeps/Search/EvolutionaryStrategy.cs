namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// The guided strategy: a (mu + lambda) evolutionary search over the discrete axis grid. Generation 0 is a
/// random sample of the space; every later generation keeps the best <c>mu</c> designs found so far (parents
/// survive, hence "plus") and proposes <c>lambda</c> new ones:
/// <list type="bullet">
/// <item>up to half are untried axis neighbours of the best design (one step up or down one axis), a local
/// pattern search that climbs the smooth, mostly monotone landscapes of PE counts and buffer sizes;</item>
/// <item>the rest are children of tournament-chosen parents: uniform crossover of two parents (with
/// probability 0.3), then mutation of one to three axes, each by one neighbour step (probability 0.75) or to a
/// uniformly drawn value, which keeps the search from sticking to one basin.</item>
/// </list>
/// Every proposal is a design not evaluated before (duplicates are redrawn, and a random new design is taken
/// when redrawing fails). Designs without a score (errors, designs that do not fit) are never parents.
/// </summary>
/// <remarks>
/// Sizes follow the island's budget B: lambda = clamp(round(sqrt B), 4, 32) designs per generation, mu =
/// max(2, lambda / 2) parents, and an initial random sample of max(lambda, B / 8) designs.
/// </remarks>
public sealed class EvolutionaryStrategy : ISearchStrategy
{
    private const double CrossoverProbability = 0.3;
    private const double StepProbability = 0.75;
    private const int Redraws = 32;

    public string Name => "evolutionary";

    public string Description => "(mu + lambda) evolutionary search: neighbours of the best design and mutated children of the best few";

    public bool Adaptive => true;

    /// <summary>Designs proposed per generation after the first, for an island budget.</summary>
    public static int Offspring(int budget) => Math.Clamp((int)Math.Round(Math.Sqrt(budget)), 4, 32);

    /// <summary>Parents kept, for an island budget.</summary>
    public static int Parents(int budget) => Math.Max(2, Offspring(budget) / 2);

    /// <summary>Size of the initial random sample, for an island budget.</summary>
    public static int Initial(int budget) => Math.Max(Offspring(budget), budget / 8);

    public IReadOnlyList<int[]> Propose(SearchContext context)
    {
        var batch = new HashSet<string>(StringComparer.Ordinal);
        var ranked = context.History
            .Select((e, order) => (e, order))
            .Where(x => x.e.Score is not null)
            .OrderByDescending(x => x.e.Score!.Value)
            .ThenBy(x => x.order)
            .Select(x => x.e.Coordinates)
            .ToList();
        if (context.Generation == 0 || ranked.Count == 0)
        {
            // No design to learn from yet (or none fits): sample the space.
            var first = context.Generation == 0 ? Initial(context.Budget) : Offspring(context.Budget);
            return DesignSampler.Draw(context, Math.Min(first, context.Remaining), batch);
        }

        var count = Math.Min(Offspring(context.Budget), context.Remaining);
        var parents = ranked.Take(Parents(context.Budget)).ToList();
        var proposals = new List<int[]>();

        foreach (var neighbour in UntriedNeighbours(context, ranked[0], batch).Take(count / 2))
        {
            proposals.Add(neighbour);
        }
        while (proposals.Count < count)
        {
            int[]? child = null;
            for (var attempt = 0; attempt < Redraws && child is null; attempt++)
            {
                var candidate = Mutate(context, Crossover(context, parents));
                if (!context.IsKnown(candidate, batch))
                {
                    child = candidate;
                }
            }
            if (child is null)
            {
                var fallback = DesignSampler.Draw(context, 1, batch);
                if (fallback.Count == 0)
                {
                    break; // every design has been evaluated
                }
                proposals.Add(fallback[0]);
                continue;
            }
            batch.Add(context.Space.PointAt(child, 0).Id);
            proposals.Add(child);
        }
        return proposals;
    }

    /// <summary>The best design's one-step neighbours along each axis that are new, in a seeded random order.</summary>
    private static List<int[]> UntriedNeighbours(SearchContext context, int[] best, HashSet<string> batch)
    {
        var neighbours = new List<int[]>();
        for (var d = 0; d < context.Space.Dimensions; d++)
        {
            foreach (var step in new[] { -1, 1 })
            {
                var value = best[d] + step;
                if (value < 0 || value >= context.Space.Size(d))
                {
                    continue;
                }
                var neighbour = (int[])best.Clone();
                neighbour[d] = value;
                if (!context.IsKnown(neighbour, batch))
                {
                    neighbours.Add(neighbour);
                }
            }
        }
        context.Random.Shuffle(neighbours);
        foreach (var n in neighbours)
        {
            batch.Add(context.Space.PointAt(n, 0).Id);
        }
        return neighbours;
    }

    /// <summary>A binary-tournament parent (parents are ranked, so the lower rank wins), crossed with a second one sometimes.</summary>
    private static int[] Crossover(SearchContext context, List<int[]> parents)
    {
        var first = Tournament(context, parents);
        var child = (int[])first.Clone();
        if (parents.Count > 1 && context.Random.Unit() < CrossoverProbability)
        {
            var second = Tournament(context, parents);
            for (var d = 0; d < child.Length; d++)
            {
                if (context.Random.Unit() < 0.5)
                {
                    child[d] = second[d];
                }
            }
        }
        return child;
    }

    private static int[] Tournament(SearchContext context, List<int[]> parents) =>
        parents[Math.Min(context.Random.Below(parents.Count), context.Random.Below(parents.Count))];

    /// <summary>Changes one axis (probability 0.6), two (0.3) or three (0.1) among those with more than one value.</summary>
    private static int[] Mutate(SearchContext context, int[] child)
    {
        var variable = Enumerable.Range(0, context.Space.Dimensions).Where(d => context.Space.Size(d) > 1).ToList();
        if (variable.Count == 0)
        {
            return child;
        }
        var u = context.Random.Unit();
        var changes = Math.Min(variable.Count, u < 0.6 ? 1 : u < 0.9 ? 2 : 3);
        context.Random.Shuffle(variable);
        foreach (var d in variable.Take(changes))
        {
            var size = context.Space.Size(d);
            if (context.Random.Unit() < StepProbability)
            {
                var step = context.Random.Unit() < 0.5 ? -1 : 1;
                var value = child[d] + step;
                child[d] = value < 0 || value >= size ? child[d] - step : value;
            }
            else
            {
                var value = context.Random.Below(size - 1);
                child[d] = value >= child[d] ? value + 1 : value; // any other value
            }
        }
        return child;
    }
}
