using Sim.Vocabulary.IO;
using Sim.Studies.Output;
using Sim.Studies.Sweeps.Search;

namespace Sim.Studies.Sweeps;

/// <summary>The outcome of <c>SweepJob.Run</c>: the run summary and the finished files (empty until complete).</summary>
public sealed record SweepJobResult(SweepRunSummary Summary, ShardSpec Shard, int ShardPoints, IReadOnlyList<string> Files, IReadOnlyList<PointResult> Results);

/// <summary>
/// One invocation of <c>satsim sweep</c>: binds the output directory to the sweep (refusing foreign
/// results), keeps a copy of the sweep file there, runs this shard's unfinished points, and, when the
/// sweep is whole and every point is done, writes <c>sweep.csv</c> and the figures. The points come from a
/// <see cref="ISweepSearchStrategy"/> in rounds (the grid is one round); each round's results, stored or just
/// simulated, are what the strategy sees when it proposes the next. A strategy that adapts to results should
/// run unsharded: a shard sees only its own points' results.
/// </summary>
public static class SweepJob
{
    /// <summary>Runs the grid (<see cref="GridSearch"/>).</summary>
    public static SweepJobResult Run(
        SweepSpec spec,
        string sourceYaml,
        string outputDirectory,
        ISweepEvaluator evaluator,
        ShardSpec shard,
        int parallelism,
        bool plots,
        IProgressSink? progress,
        CancellationToken cancellation) =>
        Run(spec, sourceYaml, outputDirectory, evaluator, new GridSearch(), shard, parallelism, plots, progress, cancellation);

    public static SweepJobResult Run(
        SweepSpec spec,
        string sourceYaml,
        string outputDirectory,
        ISweepEvaluator evaluator,
        ISweepSearchStrategy search,
        ShardSpec shard,
        int parallelism,
        bool plots,
        IProgressSink? progress,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(search);
        var store = new PointStore(outputDirectory);
        store.Bind(spec);
        AtomicFile.WriteAllText(Path.Combine(store.Root, SweepOutput.SpecCopy), sourceYaml);

        var all = new List<SweepPoint>();
        var mine = new List<SweepPoint>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var known = new List<PointResult>();
        var summary = new SweepRunSummary(0, 0, 0, 0, false);
        for (var round = search.Next(spec, known); round.Count > 0 && !summary.Interrupted; round = search.Next(spec, known))
        {
            var fresh = round.Where(p => seen.Add(p.Id)).ToList();
            if (fresh.Count == 0)
            {
                break; // nothing new proposed: the search has converged
            }
            all.AddRange(fresh);
            var shardPoints = shard.Select(fresh);
            mine.AddRange(shardPoints);
            var alreadyDone = shardPoints.Count(store.Has);
            progress?.Advance(alreadyDone);
            var ran = SweepRunner.Run(shardPoints, store, evaluator, parallelism, _ => progress?.Advance(), cancellation);
            summary = new SweepRunSummary(summary.Points + ran.Points, summary.AlreadyDone + ran.AlreadyDone, summary.Evaluated + ran.Evaluated, summary.Failed + ran.Failed, ran.Interrupted);
            known.AddRange(shardPoints.Where(store.Has).Select(store.Read));
        }

        IReadOnlyList<string> files = [];
        IReadOnlyList<PointResult> results = [];
        if (!summary.Interrupted && shard.IsWhole)
        {
            results = SweepOutput.Collect(all, store);
            files = SweepOutput.Write(spec, results, store.Root, plots);
        }
        return new SweepJobResult(summary, shard, mine.Count, files, results);
    }
}
