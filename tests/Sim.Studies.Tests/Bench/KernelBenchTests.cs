using Sim.Studies.Bench;
using Sim.Core;

namespace Sim.Studies.Tests.Bench;

public class KernelBenchTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ThroughputFinalTimeIsTheLongestSumOfDrawnDelays(bool freshTimeouts)
    {
        const ulong seed = 5;
        var sim = KernelWorkloads.BuildThroughput(seed, processes: 20, timeouts: 50, freshTimeouts);
        sim.Run();
        long expected = 0;
        for (var i = 0; i < 20; i++)
        {
            var rng = new SplitMix64(seed + (ulong)i);
            long sum = 0;
            for (var k = 0; k < 50; k++)
            {
                sum += 1 + (long)Math.Floor(2e7 * ((rng.Next() >> 11) * Math.Pow(2, -53)));
            }
            expected = Math.Max(expected, sum);
        }
        Assert.Equal(expected, sim.Now);
        // 1000 timeouts + 20 process start-ups + 20 process completions.
        Assert.Equal(20 * 50 + 40, sim.ProcessedEvents);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PipelineDeliversEveryItemWithinItsTimeBounds(bool freshTimeouts)
    {
        const ulong seed = 3;
        const int items = 2000;
        var (sim, delivered) = KernelWorkloads.BuildPipeline(seed, items, freshTimeouts);
        sim.Run();
        Assert.Equal(items, delivered());
        // Each stage serves its items one after another, so the end is at least the busiest stage's total
        // work and at most all stages' work added up (no overlap at all).
        long busiest = 0, all = 0;
        for (var k = 0; k < 4; k++)
        {
            var rng = new SplitMix64(seed * 1000 + (ulong)k);
            long sum = 0;
            for (var i = 0; i < items; i++)
            {
                sum += 1 + (long)(10 * rng.NextDouble());
            }
            busiest = Math.Max(busiest, sum);
            all += sum;
        }
        Assert.InRange(sim.Now, busiest, all);
    }

    [Fact]
    public void DemoComputesEveryTileAndReportsPeUtilization()
    {
        var lines = KernelDemo.Run(seed: 1, tiles: 8);
        for (var t = 0; t < 8; t++)
        {
            Assert.Contains(lines, l => l.EndsWith($"computed tile {t}", StringComparison.Ordinal));
        }
        var summary = lines.Single(l => l.StartsWith("done at cycle ", StringComparison.Ordinal));
        var end = long.Parse(summary.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
        // 8 tiles x 25 cycles on the PE array.
        var share = (8 * 25.0 / end).ToString("P1", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"pe-array busy {share}", summary);
    }
}
