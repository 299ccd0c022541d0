using Sim.Vocabulary.IO;
using Sim.Studies.Output;

namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// One invocation of <c>satsim sweep</c> on a sweep file with a <c>search:</c> section: binds the output
/// directory to the search, runs this shard's part of it generation by generation (each generation's designs
/// simulated in parallel, each result stored at once in <c>points/</c>), and, when the search is whole and
/// finished, writes <c>sweep.csv</c> (one row per evaluated design, in evaluation order), <c>search.csv</c> and
/// the figures. A rerun replays the stored generations without simulating them again.
/// </summary>
public static class SearchJob
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
        CancellationToken cancellation,
        SearchStrategies? strategies = null)
    {
        var settings = spec.Search ?? throw new ArgumentException("the sweep has no search section", nameof(spec));
        var strategy = (strategies ?? SearchStrategies.BuiltIn).Get(settings.Strategy);
        var store = SweepJob.Open(spec, sourceYaml, outputDirectory);

        int alreadyDone = 0, evaluated = 0, failed = 0;
        var trace = SearchDriver.Run(spec, strategy, shard, batch =>
        {
            var done = batch.Count(store.Has);
            alreadyDone += done;
            progress?.Advance(done);
            var summary = SweepRunner.Run(batch, store, evaluator, parallelism, _ => progress?.Advance(), cancellation);
            evaluated += summary.Evaluated;
            failed += summary.Failed;
            return summary.Interrupted ? null : batch.Select(store.Read).ToList();
        });

        IReadOnlyList<string> files = [];
        IReadOnlyList<PointResult> results = [];
        if (trace.Complete && shard.IsWhole)
        {
            results = trace.Results;
            files = SweepOutput.Write(spec, results, outputDirectory, plots, trace);
        }
        var summaryAll = new SweepRunSummary(trace.Evaluations.Count, alreadyDone, evaluated, failed, !trace.Complete);
        return new SweepJobResult(summaryAll, shard, trace.Evaluations.Count, files, results);
    }

    /// <summary>How many designs this shard's part of the search evaluates at most (for a progress bar).</summary>
    public static int ShardBudget(SearchSettings settings, ISearchStrategy strategy, ShardSpec shard)
    {
        if (!strategy.Adaptive)
        {
            return settings.Budget / shard.Count + (shard.Index < settings.Budget % shard.Count ? 1 : 0);
        }
        var total = 0;
        for (var island = shard.Index; island < settings.Islands; island += shard.Count)
        {
            total += settings.IslandBudget(island);
        }
        return total;
    }
}
