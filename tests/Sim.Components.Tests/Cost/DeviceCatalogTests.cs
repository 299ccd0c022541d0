using Sim.Components.Cost;

namespace Sim.Components.Tests.Cost;

public class DeviceCatalogTests
{
    private static readonly string Header = string.Join(",", DeviceCatalog.Columns);
    private const string Row = "dev1,V,F,P,B,1000,2000,10,dsp48e2,bram36,20,4,ddr4,2,19.2,20,1,2,1,src,msrc,psrc";

    [Fact]
    public void BuiltInCatalogHasTheIssuesDevicesWithDataSheetFigures()
    {
        var c = DeviceCatalog.BuiltIn;
        Assert.Equal(["xcvu9p", "xc7vx690t", "xczu9eg", "xcu250", "xcu280", "1sx280"], c.Devices.Select(d => d.Name));
        // DS890, Virtex UltraScale+ feature summary, VU9P column.
        var vu9p = c.Get("xcvu9p");
        Assert.Equal((1_182_240L, 2_364_480L, 6_840L, 2_160L, 960L), (vu9p.Luts, vu9p.FlipFlops, vu9p.Dsps, vu9p.BramBlocks, vu9p.UramBlocks));
        Assert.Equal("VCU1525", vu9p.Board);
        // UG1268: four DDR4-2400 channels, 64 data bits each = 76.8 GB/s.
        Assert.Equal(76.8, vu9p.MemoryPeakGBps, 9);
        // DS180, Virtex-7 VX690T: 3,600 DSP48E1, 1,470 BRAM36, no UltraRAM.
        var vx690 = c.Get("xc7vx690t");
        Assert.Equal((3_600L, 1_470L, 0L), (vx690.Dsps, vx690.BramBlocks, vx690.UramBlocks));
        // DS963: HBM2 460 GB/s over 32 pseudo-channels.
        Assert.Equal(460, c.Get("xcu280").MemoryPeakGBps, 9);
        Assert.Equal(20, c.Get("1sx280").BramKbits);
    }

    [Fact]
    public void AddingADeviceIsAddingARow()
    {
        var c = DeviceCatalog.Parse(["# comment", Header, Row, Row.Replace("dev1", "dev2")], "t.csv");
        Assert.Equal(2, c.Devices.Count);
        Assert.Equal(1000, c.Get("dev2").Luts);
        Assert.Null(c.Find("nope"));
        var e = Assert.Throws<KeyNotFoundException>(() => c.Get("nope"));
        Assert.Contains("dev1, dev2", e.Message);
    }

    [Theory]
    [InlineData("dev1,V,F,P,B,-5,2000,10,dsp48e2,bram36,20,4,ddr4,2,19.2,20,1,2,1,src,msrc,psrc", "t.csv:2: column 'luts' must be a whole number >= 1 (got '-5')")]
    [InlineData("dev1,V,F,P,B,1000,2000,10,dsp99,bram36,20,4,ddr4,2,19.2,20,1,2,1,src,msrc,psrc", "t.csv:2: column 'dsp_kind' must be dsp48e1, dsp48e2 or s10_vpdsp (got 'dsp99')")]
    [InlineData("dev1,V,F,P,B,1000,2000,10,dsp48e2,bram36,20,4,ddr4,2,inf,20,1,2,1,src,msrc,psrc", "t.csv:2: column 'memory_gbps_per_channel' must be a finite number > 0 (got 'inf')")]
    [InlineData("Dev1,V,F,P,B,1000,2000,10,dsp48e2,bram36,20,4,ddr4,2,19.2,20,1,2,1,src,msrc,psrc", "t.csv:2: column 'device' must be a lower-case name without spaces (got 'Dev1')")]
    [InlineData("dev1,V,F,P,B,1000,2000,10,dsp48e2,bram36,20,4,ddr4,2,19.2,20,1,2,1,src,msrc", "t.csv:2: expected 22 fields")]
    [InlineData("dev1,V,F,P,B,1000,2000,10,dsp48e2,bram36,20,4,ddr4,2,19.2,20,1,2,1,src,msrc,\"psrc", "t.csv:2: unterminated quoted field")]
    [InlineData("dev1,V,F,P,B,1000,2000,10,dsp48e2,bram36,20,4,ddr4,2,19.2,20,1,2,1,,msrc,psrc", "t.csv:2: column 'resource_source' is empty")]
    public void BadRowsNameFileLineAndColumn(string row, string expected)
    {
        var e = Assert.Throws<DeviceCatalogException>(() => DeviceCatalog.Parse([Header, row], "t.csv"));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void DuplicateDevicesAndMissingHeaderAreErrors()
    {
        Assert.Equal("t.csv:3: device 'dev1' is listed twice", Assert.Throws<DeviceCatalogException>(() => DeviceCatalog.Parse([Header, Row, Row], "t.csv")).Message);
        Assert.StartsWith("t.csv:1: header must be", Assert.Throws<DeviceCatalogException>(() => DeviceCatalog.Parse([Row], "t.csv")).Message);
        Assert.StartsWith("t.csv: no header line", Assert.Throws<DeviceCatalogException>(() => DeviceCatalog.Parse(["# only"], "t.csv")).Message);
        Assert.EndsWith("device catalog not found", Assert.Throws<DeviceCatalogException>(() => DeviceCatalog.Load("/nonexistent/devices.csv")).Message);
    }
}
