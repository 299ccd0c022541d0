namespace Sim.Studies.Sweeps;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014), the project's seeded generator, so that random sweep samples
/// are the same on every machine and .NET version (System.Random's seeded sequence is not promised).
/// </summary>
internal struct SplitMix64Stream(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound) by rejection, free of modulo bias.</summary>
    public ulong NextBelow(ulong bound)
    {
        var limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong x;
        do
        {
            x = Next();
        }
        while (x >= limit);
        return x % bound;
    }
}
