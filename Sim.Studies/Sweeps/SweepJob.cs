using Sim.Vocabulary.IO;
using Sim.Studies.Output;

namespace Sim.Studies.Sweeps;

/// <summary>The outcome of <see cref="SweepJob.Run"/>: the run summary and the finished files (empty until complete).</summary>
public sealed record SweepJobResult(SweepRunSummary Summary, ShardSpec Shard, int ShardPoints, IReadOnlyList<string> Files, IReadOnlyList<PointResult> Results);

/// <summary>
/// One invocation of <c>satsim sweep</c>: binds the output directory to the sweep (refusing foreign
/// results), keeps a copy of the sweep file there, runs this shard's unfinished points, and, when the
/// sweep is whole and every point is done, writes <c>sweep.csv</c> and the figures.
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
        var store = new PointStore(outputDirectory);
        store.Bind(spec);
        AtomicFile.WriteAllText(Path.Combine(store.Root, SweepOutput.SpecCopy), sourceYaml);

        var all = PointExpansion.Expand(spec);
        var mine = shard.Select(all);
        var alreadyDone = mine.Count(store.Has);
        progress?.Advance(alreadyDone);
        var summary = SweepRunner.Run(mine, store, evaluator, parallelism, _ => progress?.Advance(), cancellation);

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
