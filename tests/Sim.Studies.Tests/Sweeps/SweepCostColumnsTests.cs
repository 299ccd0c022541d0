using Sim.Studies.Sweeps;

namespace Sim.Studies.Tests.Sweeps;

public class SweepCostColumnsTests
{
    private static SweepPoint Point(int index, string device) =>
        new(index, new Dictionary<SweepAxis, string> { [SweepAxis.Model] = "m", [SweepAxis.Batch] = "1", [SweepAxis.Method] = "dense", [SweepAxis.PeRows] = $"{index}", [SweepAxis.Device] = device });

    private static SweepMetrics Metrics(long pes, double imagesPerSecond, bool fits, string device) =>
        new(pes, 1024, 100, 1, imagesPerSecond, 1, 1, 2, 0.5, 10, 0.5, PowerW: 2, ImagesPerJoule: imagesPerSecond / 2,
            Cost: new CostMetrics(device, fits, fits ? "lut" : "dsp", fits ? 10 : 240, 5, 0, 50, fits ? "fits" : "does not fit d1: dsp 16,448 > 6,840 available (240.5 %)"));

    [Fact]
    public void InfeasibleDesignsAreRowsWithTheirReasonAndBestSkipsThem()
    {
        var spec = new SweepSpec("s.yaml", null, [new AxisValues(SweepAxis.Model, ["m"]), new AxisValues(SweepAxis.PeRows, ["1", "2", "3"]), new AxisValues(SweepAxis.Device, ["d1", "d2"])], null, "f");
        var results = new List<PointResult>
        {
            new(Point(1, "d1"), Metrics(1024, 100, true, "d1"), null),
            new(Point(2, "d1"), Metrics(16384, 900, false, "d1"), null),
            new(Point(3, "d2"), Metrics(16384, 900, false, "d2"), null),
        };
        var lines = SweepTable.ToCsv(spec, results).TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',');
        Assert.Single(header, "device");
        foreach (var column in new[] { "fits", "limiting_resource", "dsp_pct", "bram_pct", "uram_pct", "lut_pct", "power_w", "images_per_joule", "pareto_dsp", "pareto_power", "pareto_energy_buffer" })
        {
            Assert.Contains(column, header);
        }
        var row = lines[2];
        Assert.Contains(",infeasible,\"does not fit d1: dsp 16,448 > 6,840 available (240.5 %)\"", row);
        Assert.Equal("0", row.Split(',')[Array.IndexOf(header, "fits")]);
        // The feasible design is on the power front; the faster infeasible one is on no front.
        Assert.Equal("1", lines[1].Split(',')[Array.IndexOf(header, "pareto_power")]);
        Assert.Equal("0", row.Split(',')[Array.IndexOf(header, "pareto_power")]);
        var best = SweepTable.BestPerDeviceCsv(results).TrimEnd('\n').Split('\n');
        Assert.Equal(3, best.Length);
        Assert.StartsWith("m b1 dense,d2,,,no feasible design among 1", best[1]);
        Assert.StartsWith($"m b1 dense,d1,1,{results[0].Point.Id},", best[2]);
    }
}
