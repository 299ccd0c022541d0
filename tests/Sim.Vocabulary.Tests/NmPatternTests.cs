namespace Sim.Vocabulary.Tests;

/// <summary>The N:M arithmetic every project shares, against hand calculations.</summary>
public class NmPatternTests
{
    [Theory]
    // 2:8: two full groups keep 2 each, the partial group of 3 keeps min(3, 2) = 2.
    [InlineData(2, 8, 19, 6)]
    [InlineData(2, 8, 11, 4)]
    [InlineData(2, 8, 1, 1)]
    [InlineData(2, 4, 16, 8)]
    [InlineData(1, 8, 64, 8)]
    [InlineData(1, 1, 7, 7)]
    public void KeptCountsNPerGroupPlusAPartialGroup(int n, int m, long length, long kept) =>
        Assert.Equal(kept, new NmPattern(n, m).Kept(length));

    [Fact]
    public void IndexBitsAreCeilLog2M()
    {
        Assert.Equal(3, new NmPattern(2, 8).IndexBits);
        Assert.Equal(2, new NmPattern(2, 4).IndexBits);
        Assert.Equal(3, new NmPattern(1, 5).IndexBits); // log2 5 = 2.32 -> 3
        Assert.Equal(0, NmPattern.Dense.IndexBits);
    }

    [Fact]
    public void IndexBytesRoundUpToWholeBytes()
    {
        var p = new NmPattern(2, 8);
        Assert.Equal(2, p.IndexBytes(5));     // 15 bits
        Assert.Equal(3, p.IndexBytes(8));     // 24 bits exactly
        Assert.Equal(0, p.IndexBytes(0));
        Assert.Equal(0, NmPattern.Dense.IndexBytes(100));
        Assert.Equal(5 * 2 + 2, p.CompressedBytes(5, elementBytes: 2));
        Assert.Equal(100 * 2, NmPattern.Dense.CompressedBytes(100, elementBytes: 2));
    }

    [Fact]
    public void ParseAcceptsDenseAndRejectsNGreaterThanM()
    {
        Assert.Equal(new NmPattern(2, 8), NmPattern.Parse("2:8"));
        Assert.True(NmPattern.Parse("dense").IsDense);
        Assert.Throws<FormatException>(() => NmPattern.Parse("9:8"));
    }
}
