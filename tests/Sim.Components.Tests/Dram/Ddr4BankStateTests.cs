using Sim.Components.Config;
using Sim.Components.Dram;
using Sim.Core;

namespace Sim.Components.Tests.Dram;

/// <summary>JEDEC constraints of the DDR4 command model checked on its own command log (JESD79-4B: tRRD_S, tFAW).</summary>
public sealed class Ddr4BankStateTests
{
    [Fact]
    public void RandomReadsNeverActivateFiveTimesInOneTfawWindowNorCloserThanTrrdS()
    {
        var t = new Ddr4Timing();
        var state = new Ddr4BankState(t, 64) { ActLog = [] };
        var rng = new SplitMix64(7);
        var batch = Enumerable.Range(0, 4000).Select(_ => (rng.NextLong(1L << 24) * 64, 64L, false, 0.0)).ToList();
        state.ServeBatch(batch);
        var acts = state.ActLog!.Order().ToList();
        Assert.True(acts.Count > 3000, $"{acts.Count} ACTs");
        long faw = t.Clocks(t.TFawNs), rrd = t.Clocks(t.TRrdSNs);
        Assert.Equal(26, faw);
        for (var i = 0; i + 1 < acts.Count; i++) Assert.True(acts[i + 1] - acts[i] >= rrd, $"ACTs at {acts[i]} and {acts[i + 1]}");
        for (var i = 0; i + 4 < acts.Count; i++) Assert.True(acts[i + 4] - acts[i] >= faw, $"five ACTs from {acts[i]} to {acts[i + 4]}");
    }
}
