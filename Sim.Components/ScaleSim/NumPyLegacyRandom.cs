namespace Sim.Components.ScaleSim;

/// <summary>
/// The integer stream of NumPy's legacy global generator (<c>np.random.seed(s)</c> then <c>np.random.randint(lo, hi)</c>),
/// which SCALE-Sim v3's row-wise sparsity draws its per-column N from. The generator is the Mersenne Twister MT19937
/// (Matsumoto and Nishimura, ACM TOMACS 8(1), 1998) seeded with its reference <c>init_genrand</c>; NumPy's legacy
/// <c>randint</c> maps it to [lo, hi) by masked rejection: with range r = hi - lo - 1 and the all-ones mask just
/// covering r, it takes 32-bit outputs ANDed with the mask until one is at most r (NumPy's documented "masked"
/// method kept for backward compatibility), and consumes no output when r = 0.
/// </summary>
public sealed class NumPyLegacyRandom
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;

    /// <summary>Seeds like <c>np.random.seed(seed)</c> with an integer seed (0 to 2^32 - 1).</summary>
    public NumPyLegacyRandom(uint seed)
    {
        _mt[0] = seed;
        for (var i = 1; i < N; i++)
        {
            _mt[i] = unchecked(1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
        }
        _index = N;
    }

    /// <summary>The next 32-bit output of MT19937.</summary>
    public uint NextUInt32()
    {
        if (_index >= N) Twist();
        var y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>Like NumPy's legacy <c>randint(low, high)</c>: a uniform integer in [low, high).</summary>
    public long RandInt(long low, long high)
    {
        if (high <= low) throw new ArgumentOutOfRangeException(nameof(high), $"randint needs low < high (got [{low}, {high}))");
        var range = (ulong)(high - low - 1);
        if (range == 0) return low;
        if (range > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(high), "ranges above 2^32 are not needed here");
        var mask = range;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        ulong v;
        do
        {
            v = NextUInt32() & mask;
        }
        while (v > range);
        return low + (long)v;
    }

    private void Twist()
    {
        for (var i = 0; i < N; i++)
        {
            var y = (_mt[i] & 0x80000000u) | (_mt[(i + 1) % N] & 0x7fffffffu);
            var next = _mt[(i + M) % N] ^ (y >> 1);
            if ((y & 1) != 0) next ^= 0x9908b0dfu;
            _mt[i] = next;
        }
        _index = 0;
    }
}
