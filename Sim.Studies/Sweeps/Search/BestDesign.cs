using System.Globalization;

namespace Sim.Studies.Sweeps.Search;

/// <summary>The one line a finished search reports: its best feasible design and that design's objective value.</summary>
public static class BestDesign
{
    public static string Describe(SearchSettings search, IReadOnlyList<PointResult> results)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(results);
        var best = results.Where(r => ObjectiveColumns.Score(search, r) is not null)
            .OrderByDescending(r => ObjectiveColumns.Score(search, r)!.Value).ThenBy(r => r.Point.Index).FirstOrDefault();
        return best is null
            ? $"no evaluated design fits and has a value of {search.Objective}"
            : $"best {search.Objective} ({(search.Minimize ? "minimized" : "maximized")}): {ObjectiveColumns.Value(search.Objective, best)!.Value.ToString("G6", CultureInfo.InvariantCulture)} at evaluation {best.Point.Index}: {best.Point.Key}";
    }
}
