namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// Draws new designs uniformly over the space's grid positions, skipping designs already evaluated or drawn.
/// When the unexplored part of the space is small it enumerates and shuffles it instead of rejecting, so a
/// nearly exhausted space still yields every remaining design and then nothing.
/// </summary>
internal static class DesignSampler
{
    /// <summary>Above this many grid positions the sampler never enumerates the space.</summary>
    private const long EnumerateLimit = 1 << 20;

    public static List<int[]> Draw(SearchContext context, int count, ISet<string> batch)
    {
        var result = new List<int[]>();
        var space = context.Space;
        var attempts = 0;
        var maxAttempts = 16 * count + 64;
        while (result.Count < count && attempts++ < maxAttempts)
        {
            var coordinates = space.Decode(context.Random.Below(space.Total));
            if (batch.Add(space.PointAt(coordinates, 0).Id) && !context.Evaluated.Contains(space.PointAt(coordinates, 0).Id))
            {
                result.Add(coordinates);
            }
        }
        if (result.Count < count && space.Total <= EnumerateLimit)
        {
            // Rejection kept hitting known designs: take the rest from a shuffled list of the unexplored ones.
            var rest = new List<long>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (long p = 0; p < space.Total; p++)
            {
                var id = space.PointAt(space.Decode(p), 0).Id;
                if (!context.Evaluated.Contains(id) && !batch.Contains(id) && seen.Add(id))
                {
                    rest.Add(p);
                }
            }
            context.Random.Shuffle(rest);
            foreach (var p in rest.Take(count - result.Count))
            {
                var coordinates = space.Decode(p);
                batch.Add(space.PointAt(coordinates, 0).Id);
                result.Add(coordinates);
            }
        }
        return result;
    }
}
