using Sim.Studies.Sweeps;
using Sim.Studies.Sweeps.Search;

namespace Sim.Studies.Tests.Sweeps.Search;

public class SearchRunTests
{
    private static string Yaml(string strategy, int budget, ulong seed, int islands = 1, string objective = "images_per_second") =>
        LandscapeEvaluator.Space + $"\nsearch: {{strategy: {strategy}, budget: {budget}, objective: {objective}, seed: {seed}{(islands > 1 ? $", islands: {islands}" : "")}}}";

    private static SweepJobResult Run(string yaml, string dir, ISweepEvaluator evaluator, ShardSpec? shard = null, CancellationToken token = default) =>
        SearchJob.Run(SweepSpecLoader.Parse(yaml, "search.yaml"), yaml, dir, evaluator, shard ?? ShardSpec.Whole, parallelism: 2, plots: false, progress: null, token);

    /// <summary>The best images/s of a finished search, read back from its search.csv (last row's best_objective).</summary>
    private static double BestFromCsv(string dir) =>
        double.Parse(File.ReadAllLines(Path.Combine(dir, "search.csv"))[^1].Split(',')[6], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void GuidedFindsTheClosedFormOptimumInAQuarterOfTheSpaceAndBeatsRandom()
    {
        // 3600 designs; a quarter is 900, the searches get a tenth of that. Within 2 % means the exact optimum here.
        var space = SweepSpecLoader.Parse(LandscapeEvaluator.Space, "space.yaml");
        var evaluator = new LandscapeEvaluator();
        var all = PointExpansion.Expand(space).Select(p => new PointResult(p, evaluator.Evaluate(p, default), null)).ToList();
        Assert.Equal(LandscapeEvaluator.Designs, all.Count);
        var seeds = Enumerable.Range(1, 10).Select(i => (ulong)i).ToList();
        var report = SearchBenchmark.Run(space, all, ["guided", "random"], 90, "images_per_second", false, seeds, 2.0);
        Assert.Equal(LandscapeEvaluator.Optimum, report.Optimum, 12); // enumeration agrees with the closed form
        var guided = report.Strategies[0];
        var random = report.Strategies[1];
        Assert.Equal("evolutionary", guided.Strategy);
        Assert.True(guided.Hits >= 9, $"guided came within 2 % with {guided.Hits} of 10 seeds");
        // Random search finds one of 2 optima among 3600 designs in 90 draws with probability 1 - (1 - 2/3600)^90 = 4.9 %.
        Assert.True(random.Hits <= 3, $"random came within 2 % with {random.Hits} of 10 seeds");
        Assert.All(guided.Runs.Concat(random.Runs), r => Assert.True(r.Best <= LandscapeEvaluator.Optimum + 1e-9 && r.GapPercent >= -1e-9));
        Assert.All(guided.Runs.Concat(random.Runs), r => Assert.Equal(90, r.Evaluations));
    }

    [Fact]
    public void SameSeedGivesIdenticalBytesAndAnotherSeedAnotherSearch()
    {
        using var temp = new TempDirectory();
        Run(Yaml("guided", 60, 7), temp.Sub("a"), new LandscapeEvaluator());
        Run(Yaml("guided", 60, 7), temp.Sub("b"), new LandscapeEvaluator());
        Run(Yaml("guided", 60, 8), temp.Sub("c"), new LandscapeEvaluator());
        foreach (var file in new[] { "sweep.csv", "search.csv", "best.csv" })
        {
            Assert.Equal(File.ReadAllBytes(temp.Sub("a/" + file)), File.ReadAllBytes(temp.Sub("b/" + file)));
        }
        Assert.NotEqual(File.ReadAllBytes(temp.Sub("a/sweep.csv")), File.ReadAllBytes(temp.Sub("c/sweep.csv")));
        var rows = File.ReadAllLines(temp.Sub("a/sweep.csv")).Skip(1).ToList();
        Assert.Equal(60, rows.Count);
        Assert.Equal(60, rows.Select(r => r.Split(',')[1]).Distinct().Count()); // distinct designs, never one twice
        Assert.Equal(Enumerable.Range(0, 60).Select(i => i.ToString()), rows.Select(r => r.Split(',')[0]));
    }

    [Fact]
    public void InfeasibleDesignsAreRowsWithTheirReasonAndNeverTheBest()
    {
        using var temp = new TempDirectory();
        Run(Yaml("random", 80, 3), temp.Sub("r"), new LandscapeEvaluator());
        var header = File.ReadAllLines(temp.Sub("r/sweep.csv"))[0].Split(',');
        var rows = File.ReadAllLines(temp.Sub("r/sweep.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var status = Array.IndexOf(header, "status");
        var infeasible = rows.Where(r => r[status] == "infeasible").ToList();
        Assert.NotEmpty(infeasible);
        Assert.All(infeasible, r => Assert.StartsWith("needs ", r[status + 1]));
        var search = File.ReadAllLines(temp.Sub("r/search.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var ips = Array.IndexOf(header, "images_per_second");
        var bestFeasible = rows.Where(r => r[status] == "ok").Max(r => double.Parse(r[ips], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(bestFeasible, double.Parse(search[^1][6], System.Globalization.CultureInfo.InvariantCulture));
        // An infeasible design's objective cell is empty even though it simulated (its images/s may be higher).
        Assert.All(search.Where((_, i) => rows[i][status] == "infeasible"), s => Assert.Equal("", s[5]));
    }

    [Fact]
    public void InterruptedSearchResumesWithoutReevaluatingAndGivesIdenticalBytes()
    {
        using var temp = new TempDirectory();
        Run(Yaml("guided", 70, 5), temp.Sub("clean"), new LandscapeEvaluator());

        using var cts = new CancellationTokenSource();
        var first = new LandscapeEvaluator(cts, cancelAfter: 31);
        var interrupted = Run(Yaml("guided", 70, 5), temp.Sub("resumed"), first, token: cts.Token);
        Assert.True(interrupted.Summary.Interrupted);
        Assert.False(File.Exists(temp.Sub("resumed/sweep.csv")));
        var stored = Directory.GetFiles(temp.Sub("resumed/points"), "*.json").Length;
        Assert.InRange(stored, 1, 69);

        var second = new LandscapeEvaluator();
        var resumed = Run(Yaml("guided", 70, 5), temp.Sub("resumed"), second);
        Assert.False(resumed.Summary.Interrupted);
        Assert.Equal(70 - stored, second.Evaluated.Count); // the stored designs are replayed, not simulated again
        Assert.Empty(second.Evaluated.Intersect(first.Evaluated));
        Assert.Equal(File.ReadAllBytes(temp.Sub("clean/sweep.csv")), File.ReadAllBytes(temp.Sub("resumed/sweep.csv")));
        Assert.Equal(File.ReadAllBytes(temp.Sub("clean/search.csv")), File.ReadAllBytes(temp.Sub("resumed/search.csv")));
    }

    [Fact]
    public void IslandsOnShardsMergeToTheUnshardedSearch()
    {
        using var temp = new TempDirectory();
        var yaml = Yaml("guided", 80, 2, islands: 3);
        Run(yaml, temp.Sub("whole"), new LandscapeEvaluator());
        var shards = new[] { temp.Sub("s0"), temp.Sub("s1") };
        var evaluated = 0;
        for (var i = 0; i < 2; i++)
        {
            var evaluator = new LandscapeEvaluator();
            var r = Run(yaml, shards[i], evaluator, new ShardSpec(i, 2));
            Assert.Empty(r.Files);
            evaluated += evaluator.Evaluated.Count;
        }
        // Islands 0 and 2 on shard 0 (27 + 26 designs), island 1 on shard 1 (27); islands may meet on a design.
        Assert.InRange(evaluated, 70, 80);
        var merged = SweepMerger.Merge(shards, temp.Sub("merged"));
        SweepOutput.Write(merged.Spec, merged.Results, temp.Sub("merged"), plots: false, merged.Trace);
        Assert.Equal(File.ReadAllBytes(temp.Sub("whole/sweep.csv")), File.ReadAllBytes(temp.Sub("merged/sweep.csv")));
        Assert.Equal(File.ReadAllBytes(temp.Sub("whole/search.csv")), File.ReadAllBytes(temp.Sub("merged/search.csv")));

        // Merging one shard alone fails loudly.
        var e = Assert.Throws<Sim.Studies.Errors.SatSimInputException>(() => SweepMerger.Merge([shards[0]], temp.Sub("partial")));
        Assert.Contains("have no result in the given directories", e.Message);
    }

    [Fact]
    public void RandomSearchShardsLikeASweep()
    {
        using var temp = new TempDirectory();
        var yaml = Yaml("random", 40, 9);
        Run(yaml, temp.Sub("whole"), new LandscapeEvaluator());
        var shards = Enumerable.Range(0, 3).Select(i => temp.Sub($"s{i}")).ToList();
        for (var i = 0; i < 3; i++)
        {
            var evaluator = new LandscapeEvaluator();
            Run(yaml, shards[i], evaluator, new ShardSpec(i, 3));
            Assert.Equal(i == 0 ? 14 : 13, evaluator.Evaluated.Count);
        }
        var merged = SweepMerger.Merge(shards, temp.Sub("merged"));
        SweepOutput.Write(merged.Spec, merged.Results, temp.Sub("merged"), plots: false, merged.Trace);
        Assert.Equal(File.ReadAllBytes(temp.Sub("whole/sweep.csv")), File.ReadAllBytes(temp.Sub("merged/sweep.csv")));
    }

    [Fact]
    public void GridSearchWithTheWholeBudgetWritesThePlainSweepsCsv()
    {
        using var temp = new TempDirectory();
        const string grid = "workload: {model: m, batch: 1, method: [dense, bdwp], nm: [\"2:8\", \"2:4\"]}\ngrid: {pe_rows: [2, 4, 8], input_buffer_kib: [1, 4]}";
        SweepJob.Run(SweepSpecLoader.Parse(grid, "g.yaml"), grid, temp.Sub("sweep"), new LandscapeEvaluator(), ShardSpec.Whole, 2, false, null, default);
        var searched = grid + "\nsearch: {strategy: grid, budget: 1000, objective: images_per_second}";
        Run(searched, temp.Sub("search"), new LandscapeEvaluator());
        // dense x two N:M patterns is one design: 3 method/N:M designs x 3 x 2 = 18 rows, as the sweep has.
        Assert.Equal(19, File.ReadAllLines(temp.Sub("search/sweep.csv")).Length);
        Assert.Equal(File.ReadAllBytes(temp.Sub("sweep/sweep.csv")), File.ReadAllBytes(temp.Sub("search/sweep.csv")));
    }

    [Fact]
    public void AGuidedSearchLargerThanItsSpaceEvaluatesEveryDesignOnceThenStops()
    {
        using var temp = new TempDirectory();
        const string small = "workload: {model: m, batch: 1, method: [dense, bdwp], nm: [\"2:8\", \"2:4\"]}\ngrid: {pe_rows: [2, 4, 8], input_buffer_kib: [1, 4]}\nsearch: {strategy: guided, budget: 500, objective: images_per_second, seed: 4}";
        var evaluator = new LandscapeEvaluator();
        var result = Run(small, temp.Sub("s"), evaluator);
        Assert.Equal(18, evaluator.Evaluated.Count);
        Assert.Equal(18, evaluator.Evaluated.Distinct().Count());
        Assert.Equal(18, result.Results.Count);
    }

    [Fact]
    public void MinimizeFindsTheSmallestValue()
    {
        using var temp = new TempDirectory();
        // seconds = 1 / images_per_second; the smallest is at the optimum, the largest at rows = cols = 1 and buffers 1.
        Run(Yaml("guided", 120, 3, objective: "seconds").Replace("seed: 3", "seed: 3, minimize: true"), temp.Sub("min"), new LandscapeEvaluator());
        Assert.Equal(1 / LandscapeEvaluator.Optimum, BestFromCsv(temp.Sub("min")), 12);
    }

    [Fact]
    public void ThePlotIsAPng()
    {
        using var temp = new TempDirectory();
        var spec = SweepSpecLoader.Parse(Yaml("guided", 20, 1), "s.yaml");
        var evaluator = new LandscapeEvaluator();
        var trace = SearchDriver.Run(spec, new EvolutionaryStrategy(), ShardSpec.Whole, batch => batch.Select(p => new PointResult(p, evaluator.Evaluate(p, default), null)).ToList());
        var bytes = File.ReadAllBytes(SearchOutput.Plot(spec.Search!, trace, temp.Sub("p.png")));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }
}
