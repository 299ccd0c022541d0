using Sim.Vocabulary.IO;
using Sim.Studies.Errors;
using Sim.Studies.Output;
using Sim.Studies.Sweeps.Search;

namespace Sim.Studies.Sweeps;

/// <summary>What a merge found: the sweep, its points and, per point, the directory its result came from.</summary>
public sealed record MergeResult(SweepSpec Spec, IReadOnlyList<SweepPoint> Points, IReadOnlyList<PointResult> Results, int Sources, SearchTrace? Trace = null);

/// <summary>
/// Joins the result directories of a sharded sweep (<c>--shard I/N</c> runs, possibly on different
/// nodes) into one: all must hold the same sweep (same fingerprint), every point must have exactly one
/// result (a point found twice must have identical results), and the merged directory is a complete
/// sweep directory whose <c>sweep.csv</c> equals that of an unsharded run.
/// </summary>
public static class SweepMerger
{
    public static MergeResult Merge(IReadOnlyList<string> sources, string output, SearchStrategies? strategies = null)
    {
        strategies ??= SearchStrategies.BuiltIn;
        if (sources.Count == 0)
        {
            throw new SatSimInputException("sweep merge", "expected at least one result directory");
        }
        string? fingerprint = null;
        SweepSpec? spec = null;
        var stores = new List<PointStore>();
        foreach (var source in sources)
        {
            var store = new PointStore(source);
            var specPath = Path.Combine(store.Root, SweepOutput.SpecCopy);
            var print = store.Fingerprint();
            if (print is null || !File.Exists(specPath))
            {
                throw new SatSimInputException(source, $"not a sweep result directory (expected {PointStore.SpecFile} and {SweepOutput.SpecCopy})");
            }
            if (fingerprint is null)
            {
                fingerprint = print;
                spec = SweepSpecLoader.Parse(File.ReadAllText(specPath), specPath, checkHardware: false) with { Fingerprint = print };
            }
            else if (print != fingerprint)
            {
                throw new SatSimInputException(source, $"holds a different sweep (fingerprint {print[..12]}) than {sources[0]} ({fingerprint[..12]})");
            }
            stores.Add(store);
        }

        // A point's result in the given directories; a point found twice must agree.
        PointResult? Find(SweepPoint point)
        {
            PointResult? found = null;
            string? foundIn = null;
            foreach (var store in stores)
            {
                if (!store.Has(point))
                {
                    continue;
                }
                var result = store.Read(point);
                if (found is null)
                {
                    found = result;
                    foundIn = store.Root;
                }
                else if (found != result)
                {
                    throw new SatSimInputException(store.PathOf(point), $"point {point.Index} ({point.Key}) differs from its result in {foundIn}; the shards disagree");
                }
            }
            return found;
        }

        SearchTrace? trace = null;
        IReadOnlyList<SweepPoint> points;
        var results = new List<PointResult>();
        if (spec!.Search is { } search)
        {
            // A search's designs follow from its results: replay it over the union of the shards' results.
            trace = SearchDriver.Run(spec, strategies.Get(search.Strategy), ShardSpec.Whole, batch =>
            {
                var found = batch.Select(Find).ToList();
                var absent = batch.Where((_, i) => found[i] is null).ToList();
                if (absent.Count > 0)
                {
                    throw new SatSimInputException("sweep merge", $"the search needs {absent.Count} design(s) that have no result in the given directories (first: {absent[0].Key}); run the missing shards first");
                }
                return found!;
            });
            results.AddRange(trace.Results);
            points = results.Select(r => r.Point).ToList();
        }
        else
        {
            points = PointExpansion.Expand(spec);
            var missing = new List<SweepPoint>();
            foreach (var point in points)
            {
                if (Find(point) is { } found)
                {
                    results.Add(found);
                }
                else
                {
                    missing.Add(point);
                }
            }
            if (missing.Count > 0)
            {
                var counts = missing.Select(p => p.Index).Take(5).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                throw new SatSimInputException("sweep merge", $"{missing.Count} of {points.Count} points have no result in the given directories (indices {string.Join(", ", counts)}{(missing.Count > 5 ? ", ..." : "")}); run the missing shards first");
            }
        }

        var target = new PointStore(output);
        target.Bind(spec);
        AtomicFile.WriteAllBytes(Path.Combine(target.Root, SweepOutput.SpecCopy), File.ReadAllBytes(Path.Combine(stores[0].Root, SweepOutput.SpecCopy)));
        foreach (var result in results)
        {
            if (!target.Has(result.Point))
            {
                target.Write(result);
            }
        }
        return new MergeResult(spec, points, results, stores.Count, trace);
    }
}
