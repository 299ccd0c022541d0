using System.Globalization;
using System.Text;
using ScottPlot;
using Sim.Vocabulary.IO;

namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// What a search adds to a sweep directory: <c>search.csv</c>, one row per evaluated design in evaluation order
/// with its objective value and the best value found so far, and <c>search-progress.png</c>, the best value
/// against the number of evaluations. Both are built from the trace alone, so a resumed or merged search writes
/// the same bytes.
/// </summary>
public static class SearchOutput
{
    public const string CsvFile = "search.csv";

    public const string PlotFile = "search-progress.png";

    /// <summary>The best-so-far curve: for each evaluation, the index of the best scored design up to it, or -1.</summary>
    public static int[] BestSoFar(SearchTrace trace)
    {
        var best = new int[trace.Evaluations.Count];
        var current = -1;
        for (var i = 0; i < best.Length; i++)
        {
            // Strictly better only: ties keep the earlier design.
            if (trace.Evaluations[i].Score is { } s && (current < 0 || s > trace.Evaluations[current].Score!.Value))
            {
                current = i;
            }
            best[i] = current;
        }
        return best;
    }

    /// <summary>The best design of the search (highest score, earliest on ties), or null when no design has a score.</summary>
    public static Evaluation? Best(SearchTrace trace)
    {
        var best = BestSoFar(trace);
        return best.Length > 0 && best[^1] >= 0 ? trace.Evaluations[best[^1]] : null;
    }

    public static string ToCsv(SearchSettings settings, SearchTrace trace)
    {
        var text = new StringBuilder();
        text.Append(CsvLine.Join(["evaluation", "island", "generation", "id", "key", "objective", "best_objective", "best_evaluation"])).Append('\n');
        var best = BestSoFar(trace);
        for (var i = 0; i < trace.Evaluations.Count; i++)
        {
            var e = trace.Evaluations[i];
            var value = e.Score is null ? "" : D(ObjectiveColumns.Value(settings.Objective, e.Result)!.Value);
            var bestValue = best[i] < 0 ? "" : D(ObjectiveColumns.Value(settings.Objective, trace.Evaluations[best[i]].Result)!.Value);
            text.Append(CsvLine.Join([I(i), I(e.Island), I(e.Generation), e.Result.Point.Id, e.Result.Point.Key, value, bestValue, best[i] < 0 ? "" : I(best[i])])).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The best objective value found against evaluations (a step line), with every scored design as a dot.</summary>
    public static string Plot(SearchSettings settings, SearchTrace trace, string file)
    {
        var plot = new Plot();
        var best = BestSoFar(trace);
        var scored = Enumerable.Range(0, trace.Evaluations.Count).Where(i => trace.Evaluations[i].Score is not null).ToList();
        if (scored.Count > 0)
        {
            var dots = plot.Add.ScatterPoints(
                scored.Select(i => (double)(i + 1)).ToArray(),
                scored.Select(i => ObjectiveColumns.Value(settings.Objective, trace.Evaluations[i].Result)!.Value).ToArray());
            dots.Color = Colors.Gray.WithAlpha(0.5);
            dots.MarkerSize = 5;
            dots.LegendText = $"evaluated design that fits ({scored.Count} of {trace.Evaluations.Count})";
            var curve = Enumerable.Range(0, best.Length).Where(i => best[i] >= 0).ToList();
            var line = plot.Add.Scatter(
                curve.Select(i => (double)(i + 1)).ToArray(),
                curve.Select(i => ObjectiveColumns.Value(settings.Objective, trace.Evaluations[best[i]].Result)!.Value).ToArray());
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LegendText = "best so far";
            plot.ShowLegend(settings.Minimize ? Alignment.UpperRight : Alignment.LowerRight);
        }
        plot.Title($"{settings.Strategy} search, seed {settings.Seed}: {(settings.Minimize ? "lowest" : "highest")} {settings.Objective} found");
        plot.XLabel("designs evaluated");
        plot.YLabel(settings.Objective);
        SweepPlots.Save(plot, file);
        return file;
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
