namespace Sim.Core;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
/// a tiny, fast, fully specified generator, so that a seed gives the same stream on every machine and
/// every .NET version (System.Random's algorithm is not part of its contract).
/// </summary>
public sealed class SplitMix64
{
    private const double Unit = 1.0 / (1UL << 53);
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A double in [0, 1): the top 53 bits of <see cref="Next"/> times 2^-53.</summary>
    public double NextDouble() => (Next() >> 11) * Unit;

    /// <summary>A value in [0, bound) by the multiply-shift method (bias below 2^-64 * bound).</summary>
    public long NextLong(long bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (long)Math.BigMul(Next(), (ulong)bound, out _);
    }
}
