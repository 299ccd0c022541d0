using Sim.Studies.Timing;
using Sim.Workloads.Lowering;

namespace Sim.Studies.Cosim;

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
        // The functional engine hands out the same operation objects for an unchanged iteration (its lowering is
        // memoized), so a stream made of exactly the objects last hashed has that hash: no hashing needed.
        if (_last is { } last && _lastTiming is { } lastTiming && SameObjects(ops, last))
        {
            Reused++;
            return lastTiming;
        }
        var key = OperationStreamHash.Of(ops);
        _last = [.. ops];
        if (_byHash.TryGetValue(key, out var timing))
        {
            Reused++;
            _lastTiming = timing;
            return timing;
        }
        _lastTiming = null;
        timing = simulate();
        _byHash[key] = timing;
        _lastTiming = timing;
        Simulated++;
        return timing;
    }

    private LayerOp[]? _last;
    private IterationTiming? _lastTiming;

    private static bool SameObjects(IReadOnlyList<LayerOp> ops, LayerOp[] last)
    {
        if (ops.Count != last.Length)
        {
            return false;
        }
        for (var i = 0; i < last.Length; i++)
        {
            if (!ReferenceEquals(ops[i], last[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Accounts for <paramref name="count"/> more iterations of an already simulated stream.</summary>
    public void CountReuse(long count) => Reused += count;
}
