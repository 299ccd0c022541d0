namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// The strategies a <c>search:</c> section can name, and the alias <c>guided</c> for the best guided one. A
/// composition root can build its own set (e.g. from dependency injection); <see cref="BuiltIn"/> is the
/// default used by the sweep loader and the CLI.
/// </summary>
public sealed class SearchStrategies
{
    /// <summary>The alias a sweep file uses for "the best guided strategy there is".</summary>
    public const string GuidedAlias = "guided";

    private readonly Dictionary<string, ISearchStrategy> _byName;

    /// <param name="strategies">The strategies, each under its <see cref="ISearchStrategy.Name"/>; of two with one name the
    /// later wins (as with any replaced service), so a user's registration replaces a built-in.</param>
    /// <param name="guided">Name of the strategy <c>guided</c> selects; it must be adaptive.</param>
    public SearchStrategies(IEnumerable<ISearchStrategy> strategies, string guided)
    {
        _byName = new Dictionary<string, ISearchStrategy>(StringComparer.Ordinal);
        foreach (var strategy in strategies)
        {
            if (strategy.Name == GuidedAlias)
            {
                throw new ArgumentException($"search strategy name '{strategy.Name}' is reserved for the alias of the guided strategy", nameof(strategies));
            }
            _byName[strategy.Name] = strategy;
        }
        if (!_byName.TryGetValue(guided, out var g) || !g.Adaptive)
        {
            throw new ArgumentException($"'{guided}' is not a registered adaptive strategy", nameof(guided));
        }
        Guided = guided;
    }

    public static SearchStrategies BuiltIn { get; } = new([new EvolutionaryStrategy(), new RandomStrategy(), new GridStrategy()], "evolutionary");

    /// <summary>The strategy <c>guided</c> stands for.</summary>
    public string Guided { get; }

    /// <summary>Every name <c>search.strategy</c> accepts: <c>guided</c>, then the strategies in registration order.</summary>
    public IReadOnlyList<string> Names => [GuidedAlias, .. _byName.Keys];

    /// <summary>The strategy's own name for <paramref name="name"/> (<c>guided</c> resolved), or null when unknown.</summary>
    public string? Resolve(string name) => name == GuidedAlias ? Guided : _byName.ContainsKey(name) ? name : null;

    public ISearchStrategy Get(string name) =>
        _byName.TryGetValue(Resolve(name) ?? "", out var s) ? s : throw new ArgumentException($"unknown search strategy '{name}'; expected one of {string.Join(", ", Names)}", nameof(name));
}
