namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// The random choices of one generation of one island: SplitMix64 seeded from (seed, island, generation), so a
/// generation's proposals depend only on those three numbers and the results before it. That is what lets a
/// resumed or merged search replay its history instead of storing generator state.
/// </summary>
public sealed class SearchRandom
{
    private SplitMix64Stream _stream;

    public SearchRandom(ulong seed, int island, int generation)
    {
        var state = Mix(seed ^ 0x5EA2C4D1B7F3A960UL);
        state = Mix(state + 0x9E3779B97F4A7C15UL * (ulong)(island + 1));
        state = Mix(state + 0xD1B54A32D192ED03UL * (ulong)(generation + 1));
        _stream = new SplitMix64Stream(state);
    }

    /// <summary>Uniform in [0, bound), bound &gt; 0.</summary>
    public int Below(int bound) => (int)_stream.NextBelow((ulong)bound);

    /// <summary>Uniform in [0, bound), bound &gt; 0.</summary>
    public long Below(long bound) => (long)_stream.NextBelow((ulong)bound);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double Unit() => (_stream.Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Shuffles in place (Fisher-Yates).</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Below(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
