namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// The registered <see cref="ISweepSearchStrategy"/> services by name, so a sweep file (or a caller) can pick
/// one and an unknown name can be reported with the names that exist.
/// </summary>
public sealed class SweepSearchStrategies
{
    private readonly Dictionary<string, ISweepSearchStrategy> _byName = new(StringComparer.Ordinal);

    public SweepSearchStrategies(IEnumerable<ISweepSearchStrategy> strategies)
    {
        ArgumentNullException.ThrowIfNull(strategies);
        foreach (var s in strategies)
        {
            // The last registration of a name wins, as with any replaced service.
            _byName[s.Name] = s;
        }
    }

    /// <summary>Registered names, sorted.</summary>
    public IReadOnlyList<string> Names => _byName.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The strategy called <paramref name="name"/>, or null.</summary>
    public ISweepSearchStrategy? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The strategy called <paramref name="name"/>; an unknown name is an error listing the registered ones.</summary>
    public ISweepSearchStrategy Get(string name) => Find(name)
        ?? throw new ArgumentException($"unknown sweep search strategy '{name}'; expected one of {string.Join(", ", Names)}", nameof(name));
}
