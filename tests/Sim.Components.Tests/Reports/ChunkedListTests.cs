using Sim.Components.Reports;

namespace Sim.Components.Tests.Reports;

public class ChunkedListTests
{
    [Fact]
    public void HoldsItemsInOrderAcrossChunkBoundaries()
    {
        // 16-byte items: 4096 per 64 KB chunk, so 10,000 items span three chunks.
        var list = new ChunkedList<(long, long)>();
        for (long i = 0; i < 10_000; i++) list.Add((i, -i));
        Assert.Equal(10_000, list.Count);
        Assert.Equal((4095L, -4095L), list[4095]);
        Assert.Equal((4096L, -4096L), list[4096]);
        Assert.Equal((9999L, -9999L), list[9999]);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => ((long)i, -(long)i)), list);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[10_000]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
    }

    [Fact]
    public void EmptyListEnumeratesNothing() => Assert.Empty(new ChunkedList<int>());
}
