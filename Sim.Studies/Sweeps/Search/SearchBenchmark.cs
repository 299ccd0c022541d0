using Sim.Studies.Errors;

namespace Sim.Studies.Sweeps.Search;

/// <summary>One strategy's runs in a benchmark: per seed, the best value found and when it came within tolerance.</summary>
/// <param name="Strategy">Resolved strategy name.</param>
/// <param name="Runs">One per seed, in seed order.</param>
public sealed record StrategyBenchmark(string Strategy, IReadOnlyList<BenchmarkRun> Runs)
{
    /// <summary>Seeds whose search came within tolerance of the optimum within the budget.</summary>
    public int Hits => Runs.Count(r => r.EvaluationsToTolerance is not null);

    /// <summary>Median over seeds of the evaluations needed to come within tolerance (a miss counts as more than the budget), or null when half or more missed.</summary>
    public int? MedianEvaluationsToTolerance
    {
        get
        {
            var sorted = Runs.Select(r => r.EvaluationsToTolerance ?? int.MaxValue).Order().ToList();
            var median = sorted.Count == 0 ? int.MaxValue : sorted[(sorted.Count - 1) / 2];
            return median == int.MaxValue ? null : median;
        }
    }
}

/// <summary>One search run: its seed, the best objective value it found, its gap to the optimum in %, and the evaluations it needed to come within tolerance (null: never).</summary>
public sealed record BenchmarkRun(ulong Seed, int Evaluations, double? Best, double GapPercent, int? EvaluationsToTolerance);

/// <summary>The benchmark's result: the enumerated optimum and each strategy's runs.</summary>
public sealed record SearchBenchmarkReport(int Designs, int Budget, string Objective, bool Minimize, double TolerancePercent, double Optimum, string OptimumKey, IReadOnlyList<StrategyBenchmark> Strategies)
{
    /// <summary>The report as <c>satsim sweep search-benchmark --json</c> writes it (keys defined in docs/metrics.md).</summary>
    public object Describe() => new
    {
        designs = Designs,
        budget = Budget,
        objective = Objective,
        minimize = Minimize,
        tolerance_percent = TolerancePercent,
        optimum = Optimum,
        optimum_key = OptimumKey,
        strategies = Strategies.Select(st => new
        {
            strategy = st.Strategy,
            seeds = st.Runs.Count,
            within_tolerance = st.Hits,
            median_evaluations_to_tolerance = st.MedianEvaluationsToTolerance,
            runs = st.Runs.Select(r => new { seed = r.Seed, evaluations = r.Evaluations, best = r.Best, gap_percent = r.GapPercent, evaluations_to_tolerance = r.EvaluationsToTolerance }),
        }),
    };
}

/// <summary>
/// Measures search strategies on a space whose every design has been simulated (a finished sweep directory):
/// the optimum is known by enumeration, and each search looks its evaluations up in the enumerated results
/// instead of simulating them. Since a search's proposals depend only on the results it sees, each run here
/// makes exactly the evaluations, in the same order, that <c>satsim sweep</c> with the same <c>search:</c>
/// section makes against the simulator.
/// </summary>
public static class SearchBenchmark
{
    /// <summary>
    /// The space and every design's result of a finished sweep directory (<c>satsim sweep SPACE.yaml --out DIR</c>
    /// over the whole grid); one-line input errors for a directory that is not one, or a sweep that samples or searches.
    /// </summary>
    public static (SweepSpec Space, IReadOnlyList<PointResult> Results) LoadSpace(string directory)
    {
        var store = new PointStore(directory);
        var specPath = Path.Combine(store.Root, SweepOutput.SpecCopy);
        if (store.Fingerprint() is null || !File.Exists(specPath))
        {
            throw new SatSimInputException(directory, $"not a sweep result directory (expected {PointStore.SpecFile} and {SweepOutput.SpecCopy})");
        }
        var spec = SweepSpecLoader.Parse(File.ReadAllText(specPath), specPath, checkHardware: false);
        if (spec.Random is not null || spec.Search is not null)
        {
            throw new SatSimInputException(specPath, "the sweep samples or searches its grid; the benchmark needs every design (a sweep without random: or search:)");
        }
        return (spec, SweepOutput.Collect(PointExpansion.Expand(spec), store));
    }

    public static SearchBenchmarkReport Run(
        SweepSpec space,
        IReadOnlyList<PointResult> enumerated,
        IReadOnlyList<string> strategyNames,
        int budget,
        string objective,
        bool minimize,
        IReadOnlyList<ulong> seeds,
        double tolerancePercent,
        SearchStrategies? strategies = null)
    {
        strategies ??= SearchStrategies.BuiltIn;
        var byId = new Dictionary<string, PointResult>(StringComparer.Ordinal);
        foreach (var r in enumerated)
        {
            byId[r.Point.Id] = r;
        }
        var probe = new SearchSettings(strategies.Guided, budget, objective, minimize, 0, 1);
        var optimum = enumerated.Where(r => ObjectiveColumns.Score(probe, r) is not null)
            .OrderByDescending(r => ObjectiveColumns.Score(probe, r)!.Value).ThenBy(r => r.Point.Index).FirstOrDefault()
            ?? throw new SatSimInputException(space.SourcePath, $"no design of the enumerated sweep fits and has a value of {objective}; nothing to find");
        var optimumValue = ObjectiveColumns.Value(objective, optimum)!.Value;
        var bestScore = ObjectiveColumns.Score(probe, optimum)!.Value;

        var reports = new List<StrategyBenchmark>();
        foreach (var name in strategyNames)
        {
            var resolved = strategies.Resolve(name) ?? throw new SatSimInputException("--strategies", $"unknown search strategy '{name}'; expected one of {string.Join(", ", strategies.Names)}");
            var runs = new List<BenchmarkRun>();
            foreach (var seed in seeds)
            {
                var settings = new SearchSettings(resolved, budget, objective, minimize, seed, 1);
                var trace = SearchDriver.Run(space with { Search = settings, Random = null }, strategies.Get(resolved), ShardSpec.Whole, batch =>
                    batch.Select(p => byId.TryGetValue(p.Id, out var r)
                        ? r
                        : throw new SatSimInputException(space.SourcePath, $"the enumerated sweep has no result for {p.Key}; benchmark on a finished sweep of the whole grid")).ToList());
                var best = SearchOutput.BestSoFar(trace);
                int? reached = null;
                for (var i = 0; i < best.Length && reached is null; i++)
                {
                    if (best[i] >= 0 && Gap(trace.Evaluations[best[i]].Score!.Value, bestScore, optimumValue) <= tolerancePercent)
                    {
                        reached = i + 1;
                    }
                }
                var final = best.Length > 0 && best[^1] >= 0 ? trace.Evaluations[best[^1]] : null;
                runs.Add(new BenchmarkRun(seed, trace.Evaluations.Count, final is null ? null : ObjectiveColumns.Value(objective, final.Result),
                    final is null ? 100 : Gap(final.Score!.Value, bestScore, optimumValue), reached));
            }
            reports.Add(new StrategyBenchmark(resolved, runs));
        }
        return new SearchBenchmarkReport(enumerated.Count, budget, objective, minimize, tolerancePercent, optimumValue, optimum.Point.Key, reports);
    }

    /// <summary>How far a score is from the optimum's, in % of the optimum's objective value.</summary>
    private static double Gap(double score, double bestScore, double optimumValue) =>
        optimumValue == 0 ? (score == bestScore ? 0 : 100) : 100 * (bestScore - score) / Math.Abs(optimumValue);
}
