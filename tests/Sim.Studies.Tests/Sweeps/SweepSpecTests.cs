using Sim.Studies.Errors;
using Sim.Studies.Sweeps;

namespace Sim.Studies.Tests.Sweeps;

public class SweepSpecTests
{
    private const string Small = """
        workload:
          model: resnet9-cifar
          batch: [1, 2]
          method: [dense, bdwp]
          nm: ["2:8", "2:4"]
        grid:
          pe_rows: [8, 16]
        """;

    [Fact]
    public void GridExpandsInStableOrderLastAxisFastestAndDenseIgnoresNm()
    {
        var points = PointExpansion.Expand(SweepSpecLoader.Parse(Small, "s.yaml"));
        // batch (2) x [dense (N:M collapses to one), bdwp 2:8, bdwp 2:4] x pe_rows (2) = 2 x 3 x 2.
        Assert.Equal(12, points.Count);
        Assert.Equal(Enumerable.Range(0, 12), points.Select(p => p.Index));
        string[] expected =
        [
            "model=resnet9-cifar;batch=1;method=dense;nm=dense;pe_rows=8",
            "model=resnet9-cifar;batch=1;method=dense;nm=dense;pe_rows=16",
            "model=resnet9-cifar;batch=1;method=bdwp;nm=2:8;pe_rows=8",
            "model=resnet9-cifar;batch=1;method=bdwp;nm=2:8;pe_rows=16",
            "model=resnet9-cifar;batch=1;method=bdwp;nm=2:4;pe_rows=8",
            "model=resnet9-cifar;batch=1;method=bdwp;nm=2:4;pe_rows=16",
            "model=resnet9-cifar;batch=2;method=dense;nm=dense;pe_rows=8",
        ];
        Assert.Equal(expected, points.Take(7).Select(p => p.Key));
        Assert.Equal(12, points.Select(p => p.Id).Distinct().Count());
    }

    [Fact]
    public void PointIdsDependOnValuesOnlyAndSurviveReparsing()
    {
        var a = PointExpansion.Expand(SweepSpecLoader.Parse(Small, "s.yaml"));
        var b = PointExpansion.Expand(SweepSpecLoader.Parse(Small, "other.yaml"));
        Assert.Equal(a.Select(p => p.Id), b.Select(p => p.Id));
        // The id is the first 12 hex digits of SHA-256 over the key (checked with an independent hash call).
        var key = "model=resnet9-cifar;batch=1;method=dense;nm=dense;pe_rows=8";
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
        Assert.Equal(sha[..12], a[0].Id);
    }

    [Fact]
    public void RangesExpandArithmeticallyAndGeometrically()
    {
        var spec = SweepSpecLoader.Parse("""
            workload: {model: m, batch: 1, method: dense}
            grid:
              pe_rows: {from: 8, to: 64, factor: 2}
              dram_channels: {from: 1, to: 4, step: 1}
              dram_bandwidth_gbps: [19.2, 12.8]
            """, "r.yaml");
        Assert.Equal(["8", "16", "32", "64"], spec.ValuesOf(SweepAxis.PeRows));
        Assert.Equal(["1", "2", "3", "4"], spec.ValuesOf(SweepAxis.DramChannels));
        Assert.Equal(["19.2", "12.8"], spec.ValuesOf(SweepAxis.DramBandwidthGbps));
        Assert.Equal(32, PointExpansion.Expand(spec).Count);
    }

    [Fact]
    public void RandomSamplesAreDistinctSeededAndInGridOrder()
    {
        const string grid = """
            workload: {model: m, batch: 1, method: dense}
            grid:
              pe_rows: {from: 1, to: 100, step: 1}
              pe_cols: {from: 1, to: 100, step: 1}
            """;
        var all = PointExpansion.Expand(SweepSpecLoader.Parse(grid, "g.yaml"));
        var seeded = PointExpansion.Expand(SweepSpecLoader.Parse(grid + "\nrandom: {samples: 50, seed: 7}", "g.yaml"));
        var again = PointExpansion.Expand(SweepSpecLoader.Parse(grid + "\nrandom: {samples: 50, seed: 7}", "g.yaml"));
        var other = PointExpansion.Expand(SweepSpecLoader.Parse(grid + "\nrandom: {samples: 50, seed: 8}", "g.yaml"));
        Assert.Equal(50, seeded.Count);
        Assert.Equal(50, seeded.Select(p => p.Id).Distinct().Count());
        Assert.Equal(seeded.Select(p => p.Key), again.Select(p => p.Key));
        Assert.NotEqual(seeded.Select(p => p.Key), other.Select(p => p.Key));
        // Every sample is a grid point with the same id, and samples keep the grid's order.
        var gridIndex = all.ToDictionary(p => p.Id, p => p.Index);
        var positions = seeded.Select(p => gridIndex[p.Id]).ToList();
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void EveryProblemIsReportedWithItsLineAndColumn()
    {
        var e = Assert.Throws<SatSimInputException>(() => SweepSpecLoader.Parse("""
            workload:
              model: resnet9-cifar
              batch: 0
              method: [dense, sparse]
            grid:
              pe_rows: [8, 8]
              colour: blue
            """, "bad.yaml"));
        var lines = e.Errors.Select(x => x.ToString()).ToList();
        Assert.True(lines.Count == 4, string.Join("\n", lines));
        Assert.Contains("bad.yaml:3:10: 'workload.batch' is '0'; expected a positive integer", lines);
        Assert.Contains(lines, l => l.StartsWith("bad.yaml:4:19: 'workload.method' is 'sparse'; expected one of dense, srste, bdwp"));
        Assert.Contains(lines, l => l.StartsWith("bad.yaml:6:12: 'grid.pe_rows' lists a value twice"));
        Assert.Contains(lines, l => l.StartsWith("bad.yaml:7:3: unknown key 'grid.colour'"));
    }

    [Fact]
    public void AFileOfUnknownKeysIsAFewLinesNotOnePerKey()
    {
        var grid = string.Concat(Enumerable.Range(0, 40).Select(i => $"  colour{i}: blue\n"));
        var top = string.Concat(Enumerable.Range(0, 40).Select(i => $"MemTotal{i}: 16384 kB\n"));
        var e = Assert.Throws<SatSimInputException>(() => SweepSpecLoader.Parse("workload: {model: m, batch: 1, method: dense}\ngrid:\n" + grid + top, "w.yaml"));
        var lines = e.Errors.Select(x => x.ToString()).ToList();
        Assert.True(lines.Count == 2 * (Sim.Studies.Scenarios.YamlSection.MaxUnknownKeys + 1), string.Join("\n", lines));
        Assert.Contains("w.yaml:6:3: 'grid': and 37 more unknown keys (not shown); is this the right file?", lines);
        Assert.Contains("w.yaml:46:1: and 37 more unknown keys (not shown); is this the right file?", lines);
        Assert.Contains(lines, l => l.StartsWith("w.yaml:43:1: unknown key 'MemTotal0'"));
    }

    [Fact]
    public void SparseMethodsNeedAPattern()
    {
        var e = Assert.Throws<SatSimInputException>(() => SweepSpecLoader.Parse("workload: {model: m, batch: 1, method: bdwp}", "n.yaml"));
        Assert.Contains("workload.nm is missing", e.Message);
    }
}
