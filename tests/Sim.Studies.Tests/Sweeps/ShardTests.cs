using Sim.Studies.Errors;
using Sim.Studies.Sweeps;

namespace Sim.Studies.Tests.Sweeps;

public class ShardTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(40)]
    public void ShardsPartitionThePointsEveryPointExactlyOnce(int count)
    {
        var spec = SweepSpecLoader.Parse("""
            workload: {model: m, batch: [1, 2, 4], method: [dense, bdwp], nm: ["2:8", "1:4"]}
            grid: {pe_rows: [8, 16, 32], pe_cols: [8, 32]}
            """, "s.yaml");
        var points = PointExpansion.Expand(spec);
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            foreach (var p in ShardSpec.Parse($"{i}/{count}").Select(points))
            {
                seen[p.Id] = seen.GetValueOrDefault(p.Id) + 1;
            }
        }
        Assert.Equal(points.Count, seen.Count);
        Assert.All(seen.Values, v => Assert.Equal(1, v));
        // Round robin: shard sizes differ by at most one.
        var sizes = Enumerable.Range(0, count).Select(i => new ShardSpec(i, count).Select(points).Count).ToList();
        Assert.True(sizes.Max() - sizes.Min() <= 1);
    }

    [Theory]
    [InlineData("4/4")]
    [InlineData("1")]
    [InlineData("-1/2")]
    [InlineData("0/0")]
    [InlineData("a/b")]
    public void MalformedShardsAreUsageErrors(string text)
    {
        var e = Assert.Throws<UsageException>(() => ShardSpec.Parse(text));
        Assert.Contains("expected I/N", e.Message);
    }
}
