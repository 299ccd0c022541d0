using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.ScaleSim;

namespace Sim.Components.Tests.ScaleSim;

public class ScaleSimTests
{
    private static readonly string[] Cfg =
    [
        "[general]", "run_name = t", "", "[architecture_presets]", "ArrayHeight:    32", "ArrayWidth:     32",
        "IfmapSramSzkB:    64", "FilterSramSzkB:   64", "OfmapSramSzkB:    64", "IfmapOffset:    0",
        "FilterOffset:   10000000", "OfmapOffset:    20000000", "Bandwidth : 10", "Dataflow : ws", "MemoryBanks: 1",
        "", "[run_presets]", "InterfaceBandwidth: USER",
    ];

    [Fact]
    public void ReadsConfiguration()
    {
        var c = ScaleSimConfigReader.Parse("a.cfg", Cfg);
        Assert.Equal(32, c.ArrayHeight);
        Assert.Equal(Dataflow.WeightStationary, c.Dataflow);
        Assert.True(c.UserBandwidth);
        Assert.Equal(10, c.BandwidthWordsPerCycle);
        Assert.Equal(64, c.FilterSramKb);
    }

    [Theory]
    [InlineData(5, "ArrayWidth:  x", "a.cfg:6: ArrayWidth: expected a positive integer, got 'x'")]
    [InlineData(13, "Dataflow : zz", "a.cfg:14: Dataflow: expected os, ws or is, got 'zz'")]
    [InlineData(14, "Colour: 3", "a.cfg:15: Colour: unknown key in [architecture_presets]")]
    [InlineData(17, "InterfaceBandwidth: FAST", "a.cfg:18: InterfaceBandwidth: expected USER or CALC")]
    public void BadLinesNameFileLineAndKey(int index, string replacement, string expected)
    {
        var lines = Cfg.ToArray();
        lines[index] = replacement;
        var ex = Assert.Throws<ScaleSimFormatException>(() => ScaleSimConfigReader.Parse("a.cfg", lines));
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingSectionAndKey()
    {
        var noRun = Cfg.Take(16).ToArray();
        Assert.Equal("a.cfg: [run_presets]: missing section", Assert.Throws<ScaleSimFormatException>(() => ScaleSimConfigReader.Parse("a.cfg", noRun)).Message);
        var noHeight = Cfg.Where(l => !l.StartsWith("ArrayHeight", StringComparison.Ordinal)).ToArray();
        Assert.Equal("a.cfg:4: ArrayHeight: missing key in [architecture_presets]", Assert.Throws<ScaleSimFormatException>(() => ScaleSimConfigReader.Parse("a.cfg", noHeight)).Message);
    }

    [Fact]
    public void ReadsBothTopologyForms()
    {
        var conv = TopologyReader.Parse("c.csv",
        [
            "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,",
            "Conv1, 224, 224, 11, 11, 3, 96, 4,",
            "Conv2, 27, 27, 5, 5, 96, 256, 1",
        ]);
        Assert.Equal(2, conv.Count);
        // SCALE-Sim: ceil((224 - 11 + 4) / 4) = 55 -> M = 55 * 55 (the last window runs past the edge); K = 11 * 11 * 3.
        Assert.Equal(55L * 55, conv[0].M);
        Assert.Equal(363, conv[0].K);
        Assert.Equal(96, conv[0].N);
        var gemm = TopologyReader.Parse("g.csv", ["Layer,M,N,K,", "QKT,1024,1024,64,"]);
        Assert.Equal((1024L, 1024L, 64L), (gemm[0].M, gemm[0].N, gemm[0].K));
        var bad = Assert.Throws<ScaleSimFormatException>(() => TopologyReader.Parse("g.csv", ["Layer,M,N,K,", "", "A,1,-2,3,"]));
        Assert.Equal("g.csv:3: N: expected a positive integer, got '-2'", bad.Message);
        Assert.Contains("no layer rows", Assert.Throws<ScaleSimFormatException>(() => TopologyReader.Parse("x.csv", ["a,b,c"])).Message);
    }

    [Fact]
    public void CompatibleModelReproducesPublishedRun()
    {
        // SCALE-Sim v2.0.2, 32x32 WS, M=128 N=128 K=64, no stalls: 1775 cycles, 57.69 % overall, 100 % mapping,
        // 50.59 % compute utilization; SRAM IFMAP reads M*K*column folds.
        var cfg = ScaleSimConfigReader.Parse("a.cfg", Cfg);
        var r = ScaleSimCompatibleModel.Evaluate(0, TopologyLayer.FromGemm("G0", 128, 128, 64), cfg);
        Assert.Equal(1775, r.TotalCycles);
        Assert.Equal("57.69", r.OverallUtilPercent.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(100.0, r.MappingEfficiencyPercent);
        // In CALC mode (no read stalls) with an OFMAP SRAM that never fills, folds run back to back.
        var big = ScaleSimCompatibleModel.Evaluate(1, TopologyLayer.FromGemm("G1", 128, 2048, 512), cfg with { UserBandwidth = false });
        Assert.Equal(4_194_304, big.SramIfmap.Accesses);
        // Per fold 2*32+32+128-2 = 222; 16 row folds x 64 column folds.
        Assert.Equal(16L * 64 * 222 - 1, big.TotalCycles);
    }

    [Fact]
    public void ReportsUseScaleSimColumnsAndPythonNumbers()
    {
        var cfg = ScaleSimConfigReader.Parse("a.cfg", Cfg);
        var rows = new[] { ScaleSimCompatibleModel.Evaluate(0, TopologyLayer.FromGemm("G0", 128, 128, 64), cfg) };
        var w = new StringWriter();
        ScaleSimReportWriter.WriteCompute(w, rows);
        var lines = w.ToString().Split('\n');
        Assert.Equal("LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,", lines[0]);
        Assert.StartsWith("0, 1775, 0, 57.6901408450704", lines[1], StringComparison.Ordinal);
        Assert.Contains(", 100.0, ", lines[1], StringComparison.Ordinal);
        Assert.Equal("1e-05", ScaleSimReportWriter.Py(1e-5));
        Assert.Equal("0.5", ScaleSimReportWriter.Py(0.5));
        Assert.Equal("3.0", ScaleSimReportWriter.Py(3));
        var d = new StringWriter();
        ScaleSimReportWriter.WriteDetail(d, rows);
        Assert.Equal(19, d.ToString().Split('\n')[1].TrimEnd(',').Split(", ").Length);
    }

    [Fact]
    public void SatSimSemanticsRunsTheProcessModel()
    {
        var cfg = ScaleSimConfigReader.Parse("a.cfg", Cfg);
        var layer = TopologyLayer.FromGemm("G0", 256, 256, 128);
        var own = SatSimTopologyModel.Evaluate(0, layer, cfg);
        var compat = ScaleSimCompatibleModel.Evaluate(0, layer, cfg);
        Assert.True(own.TotalCycles > 0);
        // Loads move every operand word at least once.
        Assert.True(own.DramIfmap.Accesses >= 256 * 128);
        Assert.Equal(256L * 256, own.DramOfmap.Accesses);
        // On an ideal memory (CALC) fold overlap makes SatSim faster than back-to-back folds.
        var calc = cfg with { UserBandwidth = false };
        Assert.True(SatSimTopologyModel.Evaluate(0, layer, calc).TotalCycles < compat.TotalCycles);
    }
}
