using Sim.Components.ScaleSim;
using Sim.Studies.Validation;

namespace Sim.Studies.Tests.Validation;

/// <summary>
/// Layers are evaluated in parallel; the results and errors must not depend on scheduling: the same results in
/// layer order as one-by-one evaluation, and the first failing layer's error whichever layer fails first in time.
/// </summary>
public sealed class TopologyRunTests
{
    private static ScaleSimConfig Config() => ScaleSimConfigReader.Parse("t.cfg",
    [
        "[general]", "run_name = t", "[architecture_presets]", "ArrayHeight: 8", "ArrayWidth: 8", "IfmapSramSzkB: 16",
        "FilterSramSzkB: 16", "OfmapSramSzkB: 16", "Bandwidth : 4", "Dataflow : os", "[run_presets]", "InterfaceBandwidth: USER",
    ]);

    [Fact]
    public void ParallelResultsEqualOneByOneInLayerOrder()
    {
        var cfg = Config();
        var layers = Enumerable.Range(0, 12).Select(i => new TopologyLayer($"L{i}", 10 + i, 9 + i, 3, 3, 2 + i % 5, 4 + 3 * i, 1 + i % 2)).ToArray();
        var parallel = TopologyRun.Evaluate(cfg, layers, satsim: false);
        Assert.Equal(layers.Length, parallel.Count);
        for (var i = 0; i < layers.Length; i++)
        {
            var alone = ScaleSimCompatibleModel.Evaluate(i, layers[i], cfg);
            Assert.Equal(alone.Name, parallel[i].Name);
            Assert.Equal(alone.TotalCycles, parallel[i].TotalCycles);
            Assert.Equal(alone.StallCycles, parallel[i].StallCycles);
            Assert.Equal(alone.DramIfmap, parallel[i].DramIfmap);
            Assert.Equal(alone.DramFilter, parallel[i].DramFilter);
            Assert.Equal(alone.DramOfmap, parallel[i].DramOfmap);
        }
    }

    [Fact]
    public void FirstFailingLayerIsReportedWhicheverFailsFirstInTime()
    {
        var cfg = Config();
        // Layers 1 and 3 both fail at once (more operand words than compatibility mode simulates); run in parallel,
        // either may fail first in time, and layer 1 must be the one named, alone (not an aggregate of both).
        var big = new TopologyLayer("first_bad", 30000, 30000, 1, 1, 200, 8, 1);
        var alsoBig = big with { Name = "second_bad" };
        var ok = new TopologyLayer("ok", 20, 20, 3, 3, 4, 8, 1);
        for (var repeat = 0; repeat < 5; repeat++)
        {
            var e = Assert.ThrowsAny<Exception>(() => TopologyRun.Evaluate(cfg, [ok, big, ok, alsoBig], satsim: false));
            Assert.Contains("first_bad", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("second_bad", e.Message, StringComparison.Ordinal);
        }
    }
}
