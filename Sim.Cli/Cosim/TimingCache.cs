using Sim.Workloads.Lowering;

namespace Sim.Cli.Cosim;

/// <summary>
/// Simulates each distinct operation stream once and hands the result to every later iteration with the same
/// stream (see <see cref="OperationStreamHash"/>), counting both so the report can say how much was reused.
/// One cache per method and hardware configuration.
/// </summary>
public sealed class TimingCache
{
    private readonly Dictionary<string, IterationTiming> _byHash = new(StringComparer.Ordinal);

    public long Simulated { get; private set; }

    public long Reused { get; private set; }

    /// <summary>The timing of the stream <paramref name="ops"/>, simulating it with <paramref name="simulate"/> only if new.</summary>
    public IterationTiming Get(IReadOnlyList<LayerOp> ops, Func<IterationTiming> simulate)
    {
        var key = OperationStreamHash.Of(ops);
        if (_byHash.TryGetValue(key, out var timing))
        {
            Reused++;
            return timing;
        }
        timing = simulate();
        _byHash[key] = timing;
        Simulated++;
        return timing;
    }

    /// <summary>Accounts for <paramref name="count"/> more iterations of an already simulated stream.</summary>
    public void CountReuse(long count) => Reused += count;
}
