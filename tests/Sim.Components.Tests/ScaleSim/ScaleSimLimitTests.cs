using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.PeArray;
using Sim.Components.ScaleSim;

namespace Sim.Components.Tests.ScaleSim;

/// <summary>Sizes from SCALE-Sim files: refused at load when a count could not fit, exact otherwise, never wrapped.</summary>
public class ScaleSimLimitTests
{
    private static readonly string[] Cfg =
    [
        "[general]", "run_name = t", "[architecture_presets]", "ArrayHeight: 32", "ArrayWidth: 32",
        "IfmapSramSzkB: 64", "FilterSramSzkB: 64", "OfmapSramSzkB: 64", "Bandwidth : 10", "Dataflow : ws",
        "[run_presets]", "InterfaceBandwidth: CALC",
    ];

    [Fact]
    public void ALayerOfInt32MaxSidesIsRefusedAtItsLine()
    {
        var e = Assert.Throws<ScaleSimFormatException>(() =>
            TopologyReader.Parse("t.csv", ["Layer, M, N, K,", "ok, 4, 4, 4,", "big, 2147483647, 2147483647, 2147483647,"]));
        Assert.Equal(3, e.Line);
        Assert.Contains("MACs (M x N x K) exceeds 2^62", e.Message);
    }

    [Fact]
    public void AConvolutionWhoseWindowOverflowsIsRefused()
    {
        var e = Assert.Throws<ScaleSimFormatException>(() => TopologyReader.Parse("t.csv",
        [
            "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,",
            "c, 2147483647, 2147483647, 2147483647, 2147483647, 2147483647, 1, 1,",
        ]));
        Assert.Contains("exceeds 2^62", e.Message);
    }

    [Fact]
    public void TheLargestAcceptedGemmIsRefusedByTheRowLimitInOneLine()
    {
        // WS on 32 x 32: Sr = K = 1, Sc = N, T = M; ceil(N / 32) = 2^26 column folds of 2R + C + T - 2 = 2^31 + 93
        // demand rows each: far beyond the rows SCALE-Sim compatibility mode simulates (it simulates every row).
        var cfg = ScaleSimConfigReader.Parse("a.cfg", Cfg);
        var layer = TopologyReader.Parse("t.csv", ["Layer, M, N, K,", "g, 2147483647, 2147483647, 1,"])[0];
        Assert.Equal((1L << 57) + 93L * (1L << 26), ScaleSimCompatibleModel.DemandRows(layer, cfg));
        var e = Assert.Throws<InvalidOperationException>(() => ScaleSimCompatibleModel.Evaluate(0, layer, cfg));
        Assert.Contains("demand rows", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void CycleCountsBeyond64BitsThrowInsteadOfWrapping()
    {
        var t = SystolicTiming.For(1, 1, Dataflow.OutputStationary, 1L << 40, 1L << 40, 1);
        Assert.Throws<OverflowException>(() => t.SerialCycles);
    }

    [Fact]
    public void ArraySidesBeyondTheLimitAreRefused()
    {
        var lines = Cfg.Select(l => l.StartsWith("ArrayHeight", StringComparison.Ordinal) ? "ArrayHeight: 2147483647" : l).ToArray();
        var e = Assert.Throws<ScaleSimFormatException>(() => ScaleSimConfigReader.Parse("a.cfg", lines));
        Assert.Equal("ArrayHeight", e.Key);
        Assert.Contains($"up to {ScaleSimConfigReader.MaxArrayDimension}", e.Message);
    }

    [Theory]
    [InlineData(256, 256, 128)]
    [InlineData(1000, 7, 5000)]
    [InlineData(3, 900, 70000)]
    [InlineData(50000, 64, 9)]
    public void OperationCountMatchesTheLowering(int m, int n, int k)
    {
        var cfg = ScaleSimConfigReader.Parse("a.cfg", Cfg);
        var hw = SatSimTopologyModel.HardwareFor(cfg);
        var layer = TopologyLayer.FromGemm("g", m, n, k);
        Assert.Equal(SatSimTopologyModel.Lower(layer, hw, Dataflow.WeightStationary).LongCount(), SatSimTopologyModel.OperationCount(layer, hw));
    }

    [Fact]
    public void AGemmOf10To18MacsIsRefusedBeforeSimulating()
    {
        var cfg = ScaleSimConfigReader.Parse("a.cfg", Cfg);
        var layer = TopologyLayer.FromGemm("huge", 1_000_000, 1_000_000, 1_000_000);
        var e = Assert.Throws<InvalidOperationException>(() => SatSimTopologyModel.Evaluate(0, layer, cfg));
        Assert.Contains("tile operations", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void RawFileTextInKeysIsExcerptedAndEscaped()
    {
        var e = Assert.Throws<ScaleSimFormatException>(() =>
            ScaleSimConfigReader.Parse("a.cfg", ["[general]", "\u001b[2J" + new string('x', 5000)]));
        Assert.DoesNotContain('\u001b', e.Message);
        Assert.True(e.Message.Length < 300, e.Message);
    }
}
