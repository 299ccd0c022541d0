using System.Globalization;
using Sim.Studies.Errors;
using Sim.Studies.Scenarios;
using Sim.Vocabulary.IO;
using YamlDotNet.RepresentationModel;

namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// Reads the <c>search:</c> section of a sweep file,
/// <c>search: {strategy: guided, budget: 64, objective: images_per_second, seed: 1}</c>, plus optional
/// <c>minimize: true</c> and <c>islands: K</c>. Every problem is one error naming the field, its line and
/// what was expected (with a "did you mean" for a misspelt strategy, key or column).
/// </summary>
public static class SearchSectionReader
{
    private static readonly string[] Keys = ["strategy", "budget", "objective", "minimize", "seed", "islands"];

    public static SearchSettings? Read(string file, YamlNode node, List<InputError> errors, SearchStrategies? strategies = null)
    {
        strategies ??= SearchStrategies.BuiltIn;
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(At(file, node, "'search' expected {strategy: guided, budget: N, objective: COLUMN, seed: S}"));
            return null;
        }
        string? strategy = null, objective = null;
        int? budget = null;
        var minimize = false;
        ulong seed = 0;
        var islands = 1;
        YamlNode? islandsNode = null;
        var ok = true;
        foreach (var (k, v) in mapping.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            if (!Keys.Contains(key))
            {
                var hint = YamlSection.Suggest(key, Keys);
                errors.Add(At(file, k, $"unknown key {TextExcerpt.Quote("search." + key)}; expected one of {string.Join(", ", Keys)}{Hint(hint)}"));
                ok = false;
                continue;
            }
            if (v is not YamlScalarNode { Value: { } raw })
            {
                errors.Add(At(file, v, $"'search.{key}' expected a single value"));
                ok = false;
                continue;
            }
            var text = raw.Trim();
            switch (key)
            {
                case "strategy":
                    strategy = strategies.Resolve(text);
                    if (strategy is null)
                    {
                        errors.Add(At(file, v, $"'search.strategy' is {TextExcerpt.Quote(text)}; expected one of {string.Join(", ", strategies.Names)}{Hint(YamlSection.Suggest(text, strategies.Names))}"));
                        ok = false;
                    }
                    break;
                case "budget":
                    if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b is >= 1 and <= SearchSettings.MaxBudget)
                    {
                        budget = b;
                    }
                    else
                    {
                        errors.Add(At(file, v, $"'search.budget' is {TextExcerpt.Quote(text)}; expected an integer from 1 to {SearchSettings.MaxBudget} (designs to evaluate)"));
                        ok = false;
                    }
                    break;
                case "objective":
                    if (ObjectiveColumns.IsObjective(text))
                    {
                        objective = text;
                    }
                    else if (ObjectiveColumns.NotObjectives.Contains(text))
                    {
                        errors.Add(At(file, v, $"'search.objective' is {TextExcerpt.Quote(text)}, which is not a numeric figure of one design; expected a numeric sweep.csv column such as images_per_second, images_per_joule, power_w or seconds"));
                        ok = false;
                    }
                    else
                    {
                        errors.Add(At(file, v, $"'search.objective' is {TextExcerpt.Quote(text)}; expected a numeric sweep.csv column ({string.Join(", ", ObjectiveColumns.Names)}){Hint(YamlSection.Suggest(text, ObjectiveColumns.Names))}"));
                        ok = false;
                    }
                    break;
                case "minimize":
                    if (text is "true" or "false")
                    {
                        minimize = text == "true";
                    }
                    else
                    {
                        errors.Add(At(file, v, $"'search.minimize' is {TextExcerpt.Quote(text)}; expected true or false"));
                        ok = false;
                    }
                    break;
                case "seed":
                    if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
                    {
                        errors.Add(At(file, v, $"'search.seed' is {TextExcerpt.Quote(text)}; expected a non-negative integer"));
                        ok = false;
                    }
                    break;
                default:
                    islandsNode = v;
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out islands) || islands is < 1 or > SearchSettings.MaxIslands)
                    {
                        errors.Add(At(file, v, $"'search.islands' is {TextExcerpt.Quote(text)}; expected an integer from 1 to {SearchSettings.MaxIslands}"));
                        ok = false;
                    }
                    break;
            }
        }
        foreach (var (name, missing) in new[] { ("strategy", strategy is null), ("budget", budget is null), ("objective", objective is null) })
        {
            if (missing && ok)
            {
                errors.Add(At(file, node, $"'search.{name}' is missing; expected search: {{strategy: guided, budget: 64, objective: images_per_second, seed: 1}}"));
            }
        }
        if (!ok || strategy is null || budget is null || objective is null)
        {
            return null;
        }
        if (islandsNode is not null)
        {
            if (!strategies.Get(strategy).Adaptive && islands != 1)
            {
                errors.Add(At(file, islandsNode, $"'search.islands' applies to guided strategies only; the {strategy} strategy's designs are divided among shards directly"));
                return null;
            }
            if (islands > budget)
            {
                errors.Add(At(file, islandsNode, $"'search.islands' is {islands}, more than the budget of {budget}; expected at most one island per evaluated design"));
                return null;
            }
        }
        return new SearchSettings(strategy, budget.Value, objective, minimize, seed, islands);
    }

    private static string Hint(string? hint) => hint is null ? "" : $" (did you mean '{hint}'?)";

    private static InputError At(string file, YamlNode node, string message) => new(file, (int)node.Start.Line, (int)node.Start.Column, message);
}
