using Sim.Core;

namespace Sim.Core.Tests;

public class SplitMix64Tests
{
    [Fact]
    public void SeedZeroMatchesTheReferenceSequence()
    {
        // Reference outputs of splitmix64.c (Vigna, prng.di.unimi.it) for state 0.
        var rng = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.Next());
        Assert.Equal(0x06C45D188009454FUL, rng.Next());
    }

    [Fact]
    public void NextDoubleIsTopBitsTimesTwoToMinus53()
    {
        var a = new SplitMix64(42);
        var b = new SplitMix64(42);
        for (var i = 0; i < 1000; i++)
        {
            var d = a.NextDouble();
            Assert.Equal((b.Next() >> 11) * Math.Pow(2, -53), d);
            Assert.InRange(d, 0.0, 1.0 - Math.Pow(2, -53));
        }
    }

    [Fact]
    public void NextLongStaysBelowBound()
    {
        var rng = new SplitMix64(7);
        var seen = new bool[5];
        for (var i = 0; i < 1000; i++)
        {
            seen[rng.NextLong(5)] = true;
        }
        Assert.All(seen, Assert.True);
    }
}
