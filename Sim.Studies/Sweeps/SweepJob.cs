using Sim.Vocabulary.IO;
using Sim.Studies.Output;
using Sim.Studies.Sweeps.Search;

namespace Sim.Studies.Sweeps;

/// <summary>The outcome of <c>SweepJob.Run</c>: the run summary and the finished files (empty until complete).</summary>
public sealed record SweepJobResult(SweepRunSummary Summary, ShardSpec Shard, int ShardPoints, IReadOnlyList<string> Files, IReadOnlyList<PointResult> Results);

/// <summary>
/// One invocation of <c>satsim sweep</c>: binds the output directory to the sweep (refusing foreign
/// results), keeps a copy of the sweep file there, runs this shard's unfinished points, and, when the
/// sweep is whole and every point is done, writes <c>sweep.csv</c> and the figures. The points are the whole grid
/// (or its seeded random sample) in <see cref="PointExpansion"/>'s order, divided round robin among shards. A sweep
/// file with a <c>search:</c> section is run by <see cref="Search.SearchJob"/> instead, with an
/// <see cref="Search.ISearchStrategy"/> choosing the designs.
/// </summary>
public static class SweepJob
{
    public static SweepJobResult Run(
        SweepSpec spec,
        string sourceYaml,
        string outputDirectory,
        ISweepEvaluator evaluator,
        ShardSpec shard,
        int parallelism,
        bool plots,
        IProgressSink? progress,
        CancellationToken cancellation)
    {
        var store = Open(spec, sourceYaml, outputDirectory);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = PointExpansion.Expand(spec).Where(p => seen.Add(p.Id)).ToList();
        var mine = shard.Select(all);
        progress?.Advance(mine.Count(store.Has));
        var summary = SweepRunner.Run(mine, store, evaluator, parallelism, _ => progress?.Advance(), cancellation);

        IReadOnlyList<string> files = [];
        IReadOnlyList<PointResult> results = [];
        if (!summary.Interrupted && shard.IsWhole)
        {
            results = SweepOutput.Collect(all, store);
            files = SweepOutput.Write(spec, results, outputDirectory, plots);
        }
        return new SweepJobResult(summary, shard, mine.Count, files, results);
    }

    /// <summary>
    /// Binds <paramref name="outputDirectory"/> to <paramref name="spec"/> (refusing another sweep's results) and keeps
    /// the sweep file's text there: the setup every sweep or search run starts with.
    /// </summary>
    internal static PointStore Open(SweepSpec spec, string sourceYaml, string outputDirectory)
    {
        var store = new PointStore(outputDirectory);
        store.Bind(spec);
        AtomicFile.WriteAllText(Path.Combine(store.Root, SweepOutput.SpecCopy), sourceYaml);
        return store;
    }
}
