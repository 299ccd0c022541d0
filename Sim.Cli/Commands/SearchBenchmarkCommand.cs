using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using System.CommandLine;
using System.Globalization;
using Sim.Studies.Errors;
using Sim.Studies.Sweeps;
using Sim.Studies.Sweeps.Search;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim sweep search-benchmark</c>: compares search strategies at one budget on a space that a finished
/// sweep has enumerated, so the optimum is known and each search's distance to it can be stated.
/// </summary>
internal static class SearchBenchmarkCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "A finished sweep directory over the whole grid (satsim sweep SPACE.yaml --out DIR, no random: or search: section)." };
        var budget = new Option<int>("--budget") { Description = "Evaluations each search may make.", Required = true };
        var seeds = new Option<int>("--seeds") { Description = "Searches per strategy, with seeds 1..N.", DefaultValueFactory = _ => 20 };
        var objective = new Option<string>("--objective") { Description = "Numeric sweep.csv column to optimize over designs that fit.", DefaultValueFactory = _ => "images_per_second" };
        var minimize = new Option<bool>("--minimize") { Description = "Minimize the objective instead of maximizing it." };
        var strategies = new Option<string>("--strategies") { Description = "Comma-separated strategies to compare.", DefaultValueFactory = _ => "guided,random" };
        var tolerance = new Option<double>("--tolerance") { Description = "A search succeeds when its best is within this many % of the optimum.", DefaultValueFactory = _ => 2.0 };
        var command = new Command("search-benchmark", """
            Compare search strategies on an enumerated space: the optimum comes from the finished sweep in DIR, and
            each search (one per seed and strategy) looks its evaluations up there instead of simulating, making
            exactly the evaluations 'satsim sweep' with the same search: section makes. Prints, per strategy, how
            many seeds came within the tolerance of the optimum and the median evaluations they needed.

            Example:
              satsim sweep scenarios/sweep-search-space.yaml --out runs/space
              satsim sweep search-benchmark runs/space --budget 112 --seeds 20
            """);
        command.Arguments.Add(dir);
        foreach (var option in new Option[] { budget, seeds, objective, minimize, strategies, tolerance })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse => CommandRunner.Run(parse, context =>
        {
            var root = parse.GetValue(dir)!;
            var b = parse.GetValue(budget);
            var n = parse.GetValue(seeds);
            var tol = parse.GetValue(tolerance);
            var column = parse.GetValue(objective)!;
            if (b is < 1 or > SearchSettings.MaxBudget)
            {
                throw new UsageException($"--budget: expected an integer from 1 to {SearchSettings.MaxBudget}, got {b}");
            }
            if (n is < 1 or > 10_000)
            {
                throw new UsageException($"--seeds: expected an integer from 1 to 10000, got {n}");
            }
            if (!double.IsFinite(tol) || tol < 0)
            {
                throw new UsageException($"--tolerance: expected a non-negative percentage, got {tol.ToString(CultureInfo.InvariantCulture)}");
            }
            if (!ObjectiveColumns.IsObjective(column))
            {
                throw new UsageException($"--objective: '{column}' is not a numeric sweep.csv column; expected one of {string.Join(", ", ObjectiveColumns.Names)}");
            }
            var registered = context.Services.GetRequiredService<SearchStrategies>();
            var names = parse.GetValue(strategies)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var name in names)
            {
                if (registered.Resolve(name) is null)
                {
                    throw new UsageException($"--strategies: unknown strategy '{name}'; expected one of {string.Join(", ", registered.Names)}");
                }
            }
            var (spec, results) = SearchBenchmark.LoadSpace(root);
            var report = SearchBenchmark.Run(spec, results, names, b, column, parse.GetValue(minimize),
                Enumerable.Range(1, n).Select(i => (ulong)i).ToList(), tol, registered);
            if (context.Json)
            {
                context.WriteJson(report.Describe());
                return CliApp.Ok;
            }
            context.Say($"{report.Designs} designs enumerated; optimum {report.Objective} = {report.Optimum.ToString("G6", CultureInfo.InvariantCulture)} at {report.OptimumKey}");
            context.Say($"budget {report.Budget} evaluations ({(100.0 * report.Budget / report.Designs).ToString("F1", CultureInfo.InvariantCulture)} % of the space), {n} seeds, tolerance {tol.ToString(CultureInfo.InvariantCulture)} %");
            var table = new Table().AddColumns("strategy", "seeds within tolerance", "median evaluations to tolerance", "mean gap %", "worst gap %");
            foreach (var st in report.Strategies)
            {
                table.AddRow(st.Strategy, $"{st.Hits}/{st.Runs.Count}",
                    st.MedianEvaluationsToTolerance is { } m ? m.ToString(CultureInfo.InvariantCulture) : $"> {report.Budget}",
                    st.Runs.Average(r => r.GapPercent).ToString("F2", CultureInfo.InvariantCulture),
                    st.Runs.Max(r => r.GapPercent).ToString("F2", CultureInfo.InvariantCulture));
            }
            context.Console.Write(table);
            return CliApp.Ok;
        }));
        return command;
    }
}
