using Sim.Studies.Errors;
using Sim.Studies.Sweeps;
using Sim.Studies.Sweeps.Search;

namespace Sim.Studies.Tests.Sweeps.Search;

public class SearchSectionTests
{
    private const string Grid = """
        workload: {model: m, batch: 1, method: bdwp, nm: "2:8"}
        grid:
          pe_rows: [8, 16, 32]
          pe_cols: [8, 16, 32]
        """;

    private static SweepSpec Parse(string search) => SweepSpecLoader.Parse(Grid + "\n" + search, "s.yaml");

    private static string Error(string search) => Assert.Throws<SatSimInputException>(() => Parse(search)).Message;

    [Fact]
    public void TheIssuesExampleParsesAndGuidedNamesTheEvolutionaryStrategy()
    {
        var spec = Parse("search: {strategy: guided, budget: 64, objective: images_per_second, seed: 1}");
        Assert.Equal(new SearchSettings("evolutionary", 64, "images_per_second", false, 1, 1), spec.Search);
        // guided is an alias: the same search under its own name has the same fingerprint.
        Assert.Equal(spec.Fingerprint, Parse("search: {strategy: evolutionary, budget: 64, objective: images_per_second, seed: 1}").Fingerprint);
        Assert.NotEqual(spec.Fingerprint, Parse("search: {strategy: guided, budget: 64, objective: images_per_second, seed: 2}").Fingerprint);
        Assert.NotEqual(spec.Fingerprint, Parse("search: {strategy: guided, budget: 64, objective: images_per_second, seed: 1, minimize: true}").Fingerprint);
        Assert.NotEqual(spec.Fingerprint, SweepSpecLoader.Parse(Grid, "s.yaml").Fingerprint);
        var other = Parse("search: {strategy: random, budget: 5, objective: power_w, minimize: true}");
        Assert.Equal(new SearchSettings("random", 5, "power_w", true, 0, 1), other.Search);
        Assert.Equal("grid", Parse("search: {strategy: grid, budget: 9, objective: pe_rows}").Search!.Strategy);
    }

    [Fact]
    public void UnknownStrategyNamesFileLineFieldAndSuggests()
    {
        Assert.Equal("s.yaml:5:20: 'search.strategy' is 'evolutionay'; expected one of guided, evolutionary, random, grid (did you mean 'evolutionary'?)",
            Error("search: {strategy: evolutionay, budget: 64, objective: images_per_second}"));
        Assert.Equal("s.yaml:6:13: 'search.strategy' is 'bayesian'; expected one of guided, evolutionary, random, grid",
            Error("search:\n  strategy: bayesian\n  budget: 4\n  objective: seconds").Split('\n')[0]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1000001")]
    [InlineData("99999999999999")]
    [InlineData("many")]
    [InlineData("2.5")]
    public void BadBudgetIsOneLine(string budget)
    {
        var message = Error($"search: {{strategy: guided, budget: {budget}, objective: seconds}}");
        Assert.Equal($"s.yaml:5:36: 'search.budget' is '{budget}'; expected an integer from 1 to 1000000 (designs to evaluate)", message);
    }

    [Fact]
    public void ObjectiveMustBeANumericColumn()
    {
        Assert.Equal("s.yaml:5:50: 'search.objective' is 'device', which is not a numeric figure of one design; expected a numeric sweep.csv column such as images_per_second, images_per_joule, power_w or seconds",
            Error("search: {strategy: guided, budget: 8, objective: device}"));
        Assert.EndsWith("(did you mean 'images_per_second'?)", Error("search: {strategy: guided, budget: 8, objective: images_per_secnd}"));
        Assert.StartsWith("s.yaml:5:50: 'search.objective' is 'speed'; expected a numeric sweep.csv column (pe_count, ", Error("search: {strategy: guided, budget: 8, objective: speed}"));
        Assert.Contains("the axis 'dram_channels', which this sweep does not vary", Error("search: {strategy: guided, budget: 8, objective: dram_channels}"));
    }

    [Fact]
    public void OtherFieldsAndCombinationsAreChecked()
    {
        Assert.Equal("s.yaml:5:69: 'search.minimize' is 'yes'; expected true or false", Error("search: {strategy: guided, budget: 8, objective: seconds, minimize: yes}"));
        Assert.Equal("s.yaml:5:65: 'search.seed' is '-1'; expected a non-negative integer", Error("search: {strategy: guided, budget: 8, objective: seconds, seed: -1}"));
        Assert.Equal("s.yaml:5:39: unknown key 'search.objectve'; expected one of strategy, budget, objective, minimize, seed, islands (did you mean 'objective'?)",
            Error("search: {strategy: guided, budget: 8, objectve: seconds}"));
        Assert.Equal("s.yaml:5:9: 'search.objective' is missing; expected search: {strategy: guided, budget: 64, objective: images_per_second, seed: 1}",
            Error("search: {strategy: guided, budget: 8}"));
        Assert.Equal("s.yaml:5:9: 'search' expected {strategy: guided, budget: N, objective: COLUMN, seed: S}", Error("search: guided"));
        Assert.Equal("s.yaml:5:1: 'search' and 'random' are both given; a search chooses its own designs (use search: {strategy: random, ...} for random sampling)",
            Error("search: {strategy: guided, budget: 8, objective: seconds}\nrandom: {samples: 3}"));
        Assert.Equal("s.yaml:5:68: 'search.islands' applies to guided strategies only; the random strategy's designs are divided among shards directly",
            Error("search: {strategy: random, budget: 8, objective: seconds, islands: 2}"));
        Assert.Equal("s.yaml:5:68: 'search.islands' is 9, more than the budget of 8; expected at most one island per evaluated design",
            Error("search: {strategy: guided, budget: 8, objective: seconds, islands: 9}"));
        Assert.Equal("s.yaml:5:68: 'search.islands' is '0'; expected an integer from 1 to 4096",
            Error("search: {strategy: guided, budget: 8, objective: seconds, islands: 0}"));
    }

    [Fact]
    public void EveryNumericSweepCsvColumnIsAnObjectiveAndEveryOtherIsNamedAsNot()
    {
        // The header of a real sweep.csv: a new column must be classified, or this fails.
        var spec = SweepSpecLoader.Parse("workload: {model: m, batch: [1, 2], method: [dense, bdwp], nm: \"2:8\"}\ngrid: {pe_rows: [8], pe_cols: [8], input_buffer_kib: [256], weight_buffer_kib: [256], output_buffer_kib: [64], dram_channels: [1], dram_bandwidth_gbps: [19.2]}", "h.yaml");
        var header = SweepTable.ToCsv(spec, []).TrimEnd('\n').Split(',');
        foreach (var column in header)
        {
            Assert.True(ObjectiveColumns.IsObjective(column) ^ ObjectiveColumns.NotObjectives.Contains(column), column);
        }
    }

    [Fact]
    public void TheShippedBenchmarkSearchSearchesTheShippedSpace()
    {
        var space = SweepSpecLoader.Load(Path.Combine(RepoPaths.Scenarios, "sweep-search-space.yaml"));
        var search = SweepSpecLoader.Load(Path.Combine(RepoPaths.Scenarios, "sweep-search.yaml"));
        Assert.Null(space.Search);
        Assert.Equal(new SearchSettings("evolutionary", 112, "images_per_second", false, 1, 1), search.Search);
        Assert.Equal(space.Axes.Select(a => (a.Axis, string.Join("|", a.Values))), search.Axes.Select(a => (a.Axis, string.Join("|", a.Values))));
        Assert.Equal(450, PointExpansion.Expand(space).Count); // the budget, 112, is a quarter of it
    }

    [Fact]
    public void TheCompositionRootRegistersTheSearchStrategies()
    {
        using var services = Sim.Studies.Composition.StudyServiceCollectionExtensions.BuildSatSimStudies();
        var strategies = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<SearchStrategies>(services);
        Assert.Equal(["guided", "evolutionary", "random", "grid"], strategies.Names);
        Assert.IsType<EvolutionaryStrategy>(strategies.Get("guided"));
        Assert.Null(strategies.Resolve("bayesian"));
    }
}
