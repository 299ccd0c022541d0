using Sim.Studies.Reports;
using Span = Sim.Studies.Reports.TimelineBuilder.Span;

namespace Sim.Studies.Tests.Plotting;

public class TimelineBuilderTests
{
    [Fact]
    public void BinsHoldTheBusyFractionComputedByHand()
    {
        // 100 cycles in 4 bins of 25. PE busy [10,60): bin0 15/25, bin1 25/25, bin2 10/25, bin3 0.
        var t = TimelineBuilder.Build("x", [new Span("pe", 10, 60)], totalCycles: 100, bins: 4, clockMHz: 200);
        Assert.Equal(25, t.BinCycles);
        var pe = Assert.Single(t.Components);
        Assert.Equal([0.6, 1.0, 0.4, 0.0], pe.Utilization);
        Assert.Equal(0.5, pe.Average);
    }

    [Fact]
    public void OverlappingIntervalsOfOneComponentCountOnce()
    {
        // dram busy [0,30) and [20,50) -> union [0,50): 50 of 100 cycles, not 60.
        var t = TimelineBuilder.Build("x", [new Span("dram", 0, 30), new Span("dram", 20, 50), new Span("pe", 50, 100)], 100, 2, 200);
        Assert.Equal(["dram", "pe"], t.Components.Select(c => c.Component));
        Assert.Equal([1.0, 0.0], t.Components[0].Utilization);
        Assert.Equal(0.5, t.Components[0].Average);
        Assert.Equal([0.0, 1.0], t.Components[1].Utilization);
    }

    [Fact]
    public void APartialLastBinIsNormalizedByItsOwnWidth()
    {
        // 10 cycles in 3 bins -> width 4: bins [0,4) [4,8) [8,10); busy [8,10) fills the last bin entirely.
        var t = TimelineBuilder.Build("x", [new Span("v", 8, 10)], 10, 3, 100);
        Assert.Equal([0.0, 0.0, 1.0], t.Components[0].Utilization);
        Assert.Equal(0.2, t.Components[0].Average, 12);
    }

    [Fact]
    public void IntervalsPastTheStatedEndExtendTheTimeline()
    {
        var t = TimelineBuilder.Build("x", [new Span("pe", 0, 40)], 20, 4, 100);
        Assert.Equal(40, t.TotalCycles);
        Assert.Equal(10, t.BinCycles);
        Assert.All(t.Components[0].Utilization, u => Assert.Equal(1.0, u));
    }
}
