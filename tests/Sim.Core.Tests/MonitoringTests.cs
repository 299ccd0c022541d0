using System.Text.Json;
using Sim.Core;
using Sim.Core.Monitoring;

namespace Sim.Core.Tests;

public class MonitoringTests
{
    [Fact]
    public void BusyRecorderComputesUtilizationOverWindows()
    {
        var sim = new Simulation();
        var pe = new BusyRecorder(sim, "pe0", "pe");
        IEnumerable<Event> P()
        {
            yield return sim.Timeout(10);
            using (pe.Busy("gemm"))
            {
                yield return sim.Timeout(30); // busy 10-40
            }
            yield return sim.Timeout(20);
            pe.Begin("reduce"); // busy 60-100
            yield return sim.Timeout(40);
            pe.End();
        }
        sim.Process(P());
        sim.Run();
        Assert.Equal(70, pe.BusyCycles);
        Assert.Equal(0.7, pe.Utilization(0, 100), 12);
        Assert.Equal(40.0 / 60.0, pe.Utilization(20, 80), 12); // 20-40 and 60-80 of 60 cycles
        Assert.Equal([new BusyInterval("pe0", "gemm", 10, 40, "pe"), new BusyInterval("pe0", "reduce", 60, 100, "pe")], pe.Intervals);
    }

    [Fact]
    public void OverlappingExplicitIntervalsCountOnce()
    {
        var sim = new Simulation();
        var r = new BusyRecorder(sim, "dma");
        r.Record(0, 10, "a");
        r.Record(5, 15, "b");
        Assert.Equal(0.75, r.Utilization(0, 20), 12);
    }

    [Fact]
    public void BeginTwiceIsAnError()
    {
        var r = new BusyRecorder(new Simulation(), "x");
        r.Begin("a");
        Assert.Throws<InvalidOperationException>(() => r.Begin("b"));
    }

    [Fact]
    public void LevelMonitorTimeAverageMatchesHandIntegration()
    {
        // level 2 on [0,10), 6 on [10,15), 0 on [15,20): area 20+30+0 = 50 over 20 -> 2.5
        var sim = new Simulation();
        var m = new LevelMonitor(sim, "fifo");
        IEnumerable<Event> P()
        {
            m.Set(2);
            yield return sim.Timeout(10);
            m.Set(6);
            yield return sim.Timeout(5);
            m.Set(0);
            yield return sim.Timeout(5);
        }
        sim.Process(P());
        sim.Run();
        Assert.Equal(2.5, m.TimeAverage(20), 12);
        Assert.Equal(6, m.Max);
    }

    [Fact]
    public void CounterAdds()
    {
        var c = new Counter("bytes");
        c.Add(64);
        c.Add();
        Assert.Equal(65, c.Value);
    }

    [Fact]
    public void ChromeTraceParsesAndHoldsTheExpectedEvents()
    {
        var intervals = new[]
        {
            new BusyInterval("dram", "read \"W\"", 0, 200, "memory"),
            new BusyInterval("pe-array", "gemm", 100, 500, "compute"),
            new BusyInterval("dram", "write", 500, 600, "memory"),
        };
        var w = new StringWriter();
        ChromeTrace.Write(w, intervals, cyclesPerMicrosecond: 200); // 200 MHz
        using var doc = JsonDocument.Parse(w.ToString());
        var events = doc.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var complete = events.Where(e => e.GetProperty("ph").GetString() == "X").ToList();
        Assert.Equal(3, complete.Count);
        Assert.Equal("read \"W\"", complete[0].GetProperty("name").GetString());
        Assert.Equal(0.0, complete[0].GetProperty("ts").GetDouble());
        Assert.Equal(1.0, complete[0].GetProperty("dur").GetDouble());
        Assert.Equal(0.5, complete[1].GetProperty("ts").GetDouble());
        Assert.Equal(2.0, complete[1].GetProperty("dur").GetDouble());
        // Same component -> same row; different component -> different row.
        Assert.Equal(complete[0].GetProperty("tid").GetInt32(), complete[2].GetProperty("tid").GetInt32());
        Assert.NotEqual(complete[0].GetProperty("tid").GetInt32(), complete[1].GetProperty("tid").GetInt32());
        var names = events.Where(e => e.GetProperty("ph").GetString() == "M")
            .Select(e => e.GetProperty("args").GetProperty("name").GetString()).ToList();
        Assert.Equal(["memory", "dram", "compute", "pe-array"], names);
    }

    [Fact]
    public void ChromeTraceRejectsANonPositiveClock()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChromeTrace.Write(new StringWriter(), [], 0));
    }
}
