using Sim.Vocabulary.IO;
using Sim.Studies.Errors;
using Sim.Studies.Output;
using Sim.Studies.Sweeps.Search;

namespace Sim.Studies.Sweeps;

/// <summary>
/// The finished form of a sweep directory: <c>sweep.csv</c> and the figures, assembled from the stored
/// point results once every point is present. Used by a whole (unsharded) run and by <c>sweep merge</c>,
/// which is why both produce the same bytes.
/// </summary>
public static class SweepOutput
{
    /// <summary>Copy of the sweep file kept in every result directory, so merging needs nothing else.</summary>
    public const string SpecCopy = "sweep.yaml";

    public const string CsvFile = "sweep.csv";

    /// <summary>The best feasible design per workload and device.</summary>
    public const string BestFile = "best.csv";

    /// <summary>Reads every point's stored result (all must be present) in expansion order.</summary>
    public static IReadOnlyList<PointResult> Collect(IReadOnlyList<SweepPoint> points, PointStore store)
    {
        var missing = points.Where(p => !store.Has(p)).ToList();
        if (missing.Count > 0)
        {
            throw new SatSimInputException(store.PointsDirectory, $"{missing.Count} of {points.Count} points have no result (first: index {missing[0].Index}, {missing[0].Key})");
        }
        return points.Select(store.Read).ToList();
    }

    /// <summary>
    /// Writes sweep.csv and the figures into <paramref name="directory"/>, and for a search (<paramref name="trace"/>)
    /// search.csv and its progress plot; returns the files written.
    /// </summary>
    public static IReadOnlyList<string> Write(SweepSpec spec, IReadOnlyList<PointResult> results, string directory, bool plots, SearchTrace? trace = null)
    {
        var csv = Path.Combine(directory, CsvFile);
        AtomicFile.WriteAllText(csv, SweepTable.ToCsv(spec, results));
        var best = Path.Combine(directory, BestFile);
        AtomicFile.WriteAllText(best, SweepTable.BestPerDeviceCsv(results));
        var files = new List<string> { csv, best };
        if (trace is not null && spec.Search is { } search)
        {
            var searchCsv = Path.Combine(directory, SearchOutput.CsvFile);
            AtomicFile.WriteAllText(searchCsv, SearchOutput.ToCsv(search, trace));
            files.Add(searchCsv);
            if (plots)
            {
                files.Add(SearchOutput.Plot(search, trace, Path.Combine(directory, SearchOutput.PlotFile)));
            }
        }
        if (plots)
        {
            files.AddRange(SweepPlots.Write(spec, results, directory));
        }
        return files;
    }
}
