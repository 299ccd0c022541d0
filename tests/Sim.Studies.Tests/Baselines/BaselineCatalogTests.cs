using Sim.Vocabulary.IO;
using Sim.Studies.Baselines;
using Sim.Studies.Errors;

namespace Sim.Studies.Tests.Baselines;

public class BaselineCatalogTests
{
    private const string Header = "name,citation,platform,precision,clock_mhz,dsps,workload,throughput_gops,power_w,energy_efficiency_gops_per_w,notes";

    [Fact]
    public void ShippedFileHoldsExactlyTheReferenceFacts()
    {
        var rows = BaselineCatalog.Load(BaselineCatalog.DefaultPath);
        // docs/fpga-baselines.md: ETA reports three throughput figures, SAT only ratios.
        Assert.Equal(4, rows.Count);
        var eta = rows.Where(r => r.Name == "ETA").ToList();
        Assert.Equal([610.98, 658.64, 811.24], eta.Select(r => r.ThroughputGops!.Value));
        Assert.Equal(["VGG-16, CIFAR", "ResNet-20, CIFAR", "ResNet-18"], eta.Select(r => r.Workload));
        Assert.All(eta, r =>
        {
            Assert.Equal("Xilinx VC709", r.Platform);
            Assert.Equal("8-bit", r.Precision);
            Assert.Contains("DOI 10.1109/TNNLS.2022.3145850", r.Citation);
            Assert.Null(r.PowerW);
            Assert.Null(r.EnergyEfficiencyGopsPerW);
            Assert.Null(r.ClockMhz);
            Assert.Null(r.Dsps);
        });
        var sat = rows.Single(r => r.Name == "SAT (the paper)");
        Assert.Equal("Xilinx VCU1525", sat.Platform);
        Assert.Null(sat.ThroughputGops);
        Assert.Contains("2.97x-25.22x", sat.Notes);
    }

    [Fact]
    public void AddingAPublicationIsOneLine()
    {
        var rows = BaselineCatalog.Parse([Header, "X,\"A, B, \"\"T\"\", 2020\",ZCU102,FP32,200,2520,VGG-16,100.5,10,,"], "f.csv");
        var x = Assert.Single(rows);
        Assert.Equal("A, B, \"T\", 2020", x.Citation);
        Assert.Equal(2520, x.Dsps);
        Assert.Equal(10.05, x.EffectiveEnergyEfficiency!.Value, 12); // derived: 100.5 GOPS / 10 W
    }

    [Theory]
    [InlineData("X,c,p,q,fast,,,,,,", "f.csv:2:1: field 'clock_mhz' is 'fast'; expected a positive number or empty when not reported")]
    [InlineData("X,c,p,q,,1.5,,,,,", "f.csv:2:1: field 'dsps' is '1.5'; expected a positive integer or empty when not reported")]
    [InlineData("X,c,p", "f.csv:2:1: expected 11 fields (name,citation,platform,precision,clock_mhz,dsps,workload,throughput_gops,power_w,energy_efficiency_gops_per_w,notes), found 3")]
    [InlineData(",c,p,q,,,,,,,", "f.csv:2:1: field 'name' is empty; expected text")]
    [InlineData("X,\"c,p,q,,,,,,,", "f.csv:2:1: unterminated quoted field (a record must stay on one line)")]
    public void BadRowsNameFileLineAndField(string row, string expected)
    {
        var e = Assert.Throws<SatSimInputException>(() => BaselineCatalog.Parse([Header, row], "f.csv"));
        Assert.Equal(expected, Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void WrongHeaderIsNamed()
    {
        var e = Assert.Throws<SatSimInputException>(() => BaselineCatalog.Parse(["# c", "name,cite"], "f.csv"));
        Assert.StartsWith("f.csv:2:1: header column 2 is 'cite', expected 'citation'", e.Message);
    }

    [Fact]
    public void RatiosAreComputedOnlyWhereBothSidesHaveNumbers()
    {
        var rows = BaselineCatalog.Parse(
            [Header, "A,c,p,q,,,w,500,,,", "B,c,p,q,,,w,250,25,,", "C,c,p,q,,,,,,,"], "f.csv");
        var design = new DesignFigures("SAT", "resnet18", 1000, 2000, 40, 80);
        var ratios = BaselineComparison.Compare(design, rows);
        Assert.Equal(2.0, ratios[0].ThroughputRatio);
        Assert.Equal(4.0, ratios[0].DenseEquivalentThroughputRatio);
        Assert.Null(ratios[0].EnergyEfficiencyRatio);
        Assert.Equal(4.0, ratios[1].ThroughputRatio);
        Assert.Equal(4.0, ratios[1].EnergyEfficiencyRatio); // 40 / (250 / 25)
        Assert.Null(ratios[1].Skipped);
        Assert.Null(ratios[2].ThroughputRatio);
        Assert.Equal("reports no absolute figures", ratios[2].Skipped);
    }

    [Fact]
    public void CsvLinesRoundTrip()
    {
        string[] fields = ["plain", "with, comma", "with \"quote\"", ""];
        Assert.Equal(fields, CsvLine.Split(CsvLine.Join(fields)));
    }
}
