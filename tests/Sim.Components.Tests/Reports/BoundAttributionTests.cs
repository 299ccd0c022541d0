using Sim.Components.Accelerator;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.Reports;
using Sim.Components.Tests.Accelerator;

namespace Sim.Components.Tests.Reports;

/// <summary>
/// Bottleneck attribution against hand calculations: each case makes one resource the limit and checks its alone
/// cycles, the row's bound and the iteration's bound cycles from the closed forms of the components.
/// </summary>
public class BoundAttributionTests
{
    private static readonly HardwareConfig Sat = HardwareConfig.Sat;

    private static LayerStageStats Row(SimulationReport r, string layer = "L", Stage stage = Stage.FP)
        => r.LayerStages.Single(s => s.Layer == layer && s.Stage == stage);

    private static void SumsToTotal(SimulationReport r)
    {
        Assert.Equal(r.TotalCycles, r.BoundCycles.Values.Sum());
        Assert.Equal(r.TotalCycles, r.LayerStages.Sum(s => s.CriticalCycles));
        Assert.Equal(BoundNames.All.Count, r.BoundCycles.Count);
    }

    [Fact]
    public void TinyArrayIsComputeBound()
    {
        // 4x4 array, OS, 64x64x256, no memory traffic: 16 x 16 = 256 folds; the first fold T + R + C - 2 = 262,
        // then max(T, R) = 256 per further fold (interleave on): 262 + 255 x 256 = 65,542 cycles.
        // Input demand 4 rows x 2 B = 8 B/cycle of 256: 256 x 256 streamed cycles / 32 = 2048; weights alike.
        var config = Sat with { ArrayRows = 4, ArrayCols = 4 };
        var r = AcceleratorSimulator.Run(config, [Ops.Gemm(0, 64, 64, 256)]);
        var row = Row(r);
        Assert.Equal(65_542, r.TotalCycles);
        Assert.Equal(new ResourceCycles(65_542, 2048, 2048, 0, 0, 0, 0), row.Alone);
        Assert.Equal(0, row.DependenceCycles);
        Assert.Equal(Bound.Compute, row.Bound);
        Assert.Equal(65_542, r.BoundCycles[Bound.Compute]);
        SumsToTotal(r);
    }

    [Fact]
    public void TinyDramBandwidthIsDramBound()
    {
        // 0.192 GB/s at 200 MHz = 0.96 B/cycle, no latency: 9600 B (150 bursts) take 10,000 cycles; then a
        // 32x32x32 OS GEMM on 32x32: 32 + 62 = 94 cycles. Span 10,094: DRAM alone 10,000, the rest waiting.
        var config = Sat with { Dram = Sat.Dram with { GBpsPerChannel = 0.192, LatencyNs = 0 } };
        var r = AcceleratorSimulator.Run(config, [Ops.Load(0, BufferKind.Input, 9600), Ops.Gemm(1, 32, 32, 32, deps: [0])]);
        var row = Row(r);
        Assert.Equal(10_094, r.TotalCycles);
        Assert.Equal(10_000, row.Alone.Dram);
        Assert.Equal(94, row.Alone.Compute);
        Assert.Equal(94, row.DependenceCycles);
        Assert.Equal(Bound.Dram, row.Bound);
        Assert.Equal(10_000, r.BoundCycles[Bound.Dram]);
        Assert.Equal(94, r.BoundCycles[Bound.Dependence]);
        SumsToTotal(r);
    }

    [Fact]
    public void NarrowWeightBufferIsWeightBandwidthBound()
    {
        // One bank of 8 B: 8 B/cycle against 32 columns x 2 B = 64 B/cycle, 8x too slow. 32x32x1024 OS: 1024 streamed
        // cycles need 8192 cycles of weight reads; the tile takes 1086 + 1024 x 7 = 8254 cycles.
        var config = Sat with { Buffers = Sat.Buffers with { Weight = Sat.Buffers.Weight with { Banks = 1 } } };
        var r = AcceleratorSimulator.Run(config, [Ops.Gemm(0, 32, 32, 1024)]);
        var row = Row(r);
        Assert.Equal(8254, r.TotalCycles);
        Assert.Equal(new ResourceCycles(1086, 256, 8192, 0, 0, 0, 0), row.Alone);
        Assert.Equal(Bound.WeightBandwidth, row.Bound);
        Assert.Equal(62, row.DependenceCycles);
        Assert.Equal(8192, r.BoundCycles[Bound.WeightBandwidth]);
        SumsToTotal(r);
    }

    [Fact]
    public void NarrowIndexBufferIsIndexBandwidthBound()
    {
        // 2:8, K 4096 -> 1024 kept per column; 32 columns x 3 index bits = 12 B/cycle from a 1 B/cycle index buffer.
        var config = Sat with { Buffers = Sat.Buffers with { Index = Sat.Buffers.Index with { Banks = 1, BankWidthBytes = 1 } } };
        var r = AcceleratorSimulator.Run(config, [Ops.Gemm(0, 32, 32, 4096, nm: new NmPattern(2, 8))]);
        var row = Row(r);
        Assert.Equal(1086 + 1024 * 11, r.TotalCycles);
        Assert.Equal(12_288, row.Alone.IndexBandwidth);
        Assert.Equal(1024, row.Alone.InputBandwidth); // 32 rows x 2 B x 8/2 = 256 B/cycle: exactly the input buffer's
        Assert.Equal(Bound.IndexBandwidth, row.Bound);
        SumsToTotal(r);
    }

    [Fact]
    public void OneInEightIsInputBandwidthBoundAndNoFasterThanTwoInEightOnDefaultBuffers()
    {
        // In sparse mode each row's activation path carries M values per N kept weights: 32 x 2 B x 8/1 = 512 B/cycle
        // from a 256 B/cycle input buffer. 1:8 halves the kept K of 2:8 (1024 vs 2048) but streams at half speed.
        var one = AcceleratorSimulator.Run(Sat, [Ops.Gemm(0, 32, 32, 8192, nm: new NmPattern(1, 8))]);
        var two = AcceleratorSimulator.Run(Sat, [Ops.Gemm(0, 32, 32, 8192, nm: new NmPattern(2, 8))]);
        Assert.Equal(1024 + 62 + 1024, one.TotalCycles);
        Assert.Equal(2048 + 62, two.TotalCycles);
        Assert.Equal(Bound.InputBandwidth, Row(one).Bound);
        Assert.Equal(2048, Row(one).Alone.InputBandwidth);
        Assert.Equal(1086, Row(one).Alone.Compute);
        Assert.Equal(Bound.Compute, Row(two).Bound); // 256 B/cycle: the buffer keeps up exactly
        // Twice the banks feed 1:8 at full speed: it pulls ahead.
        var wide = Sat with { Buffers = Sat.Buffers with { Input = Sat.Buffers.Input with { Banks = 64 } } };
        var oneWide = AcceleratorSimulator.Run(wide, [Ops.Gemm(0, 32, 32, 8192, nm: new NmPattern(1, 8))]);
        Assert.Equal(1086, oneWide.TotalCycles);
        Assert.Equal(Bound.Compute, Row(oneWide).Bound);
    }

    [Fact]
    public void GenerationAloneIsSparseGenBound()
    {
        // 3200 groups of 8 on 32 lanes: 4 + 100 x 8 = 804 cycles.
        var r = AcceleratorSimulator.Run(Sat, [Ops.SparseGen(0, 3200, new NmPattern(2, 8))]);
        var row = Row(r, stage: Stage.Gen);
        Assert.Equal(804, r.TotalCycles);
        Assert.Equal(804, row.Alone.SparseGen);
        Assert.Equal(Bound.SparseGen, row.Bound);
        Assert.Equal(804, r.BoundCycles[Bound.SparseGen]);
        SumsToTotal(r);
    }

    [Fact]
    public void ChainedSmallLoadsAreDependenceBound()
    {
        // 1000 ns latency = 200 cycles; each 64 B load then takes 0.67 cycles and the DMA engine issues the next
        // when one completes: 10 x 201 = 2010 cycles for 640 B, which alone need ceil(640 / 96) = 7 cycles.
        var config = Sat with { Dram = Sat.Dram with { LatencyNs = 1000 } };
        var ops = Enumerable.Range(0, 10).Select(i => Ops.Load(i, BufferKind.Input, 64)).ToList();
        var r = AcceleratorSimulator.Run(config, ops);
        var row = Row(r);
        Assert.Equal(2010, r.TotalCycles);
        Assert.Equal(7, row.Alone.Dram);
        Assert.Equal(2003, row.DependenceCycles);
        Assert.Equal(Bound.Dependence, row.Bound);
        Assert.Equal(7, r.BoundCycles[Bound.Dram]);
        Assert.Equal(2003, r.BoundCycles[Bound.Dependence]);
    }

    [Fact]
    public void GenerationCountsOnlyWhereNothingElseRuns()
    {
        // relu 3200 elements on 32 lanes: 100 + 2 = 102 cycles each, FP [0, 102) then WU [102, 204) on the vector
        // engine; generation of 1600 groups runs beside them from 0: 4 + 50 x 8 = 404 cycles, [0, 404).
        // It covers the iteration only after 204: 200 cycles.
        var ops = new[]
        {
            Ops.Vector(0, "relu", 3200, layer: "a"),
            Ops.SparseGen(1, 1600, new NmPattern(2, 8), layer: "g"),
            Ops.Vector(2, "relu", 3200, layer: "c", stage: Stage.WU, deps: [0]),
        };
        var r = AcceleratorSimulator.Run(Sat, ops);
        Assert.Equal(404, r.TotalCycles);
        Assert.Equal(102, Row(r, "a").CriticalCycles);
        Assert.Equal(102, Row(r, "c", Stage.WU).CriticalCycles);
        Assert.Equal(200, Row(r, "g", Stage.Gen).CriticalCycles);
        Assert.Equal([new BoundShare(Stage.FP, Bound.Vector, 102), new BoundShare(Stage.WU, Bound.Vector, 102), new BoundShare(Stage.Gen, Bound.SparseGen, 200)], r.BoundShares);
        SumsToTotal(r);
    }

    [Fact]
    public void GenerationSplitOverTheIterationCountsOnlyItsActiveCycles()
    {
        // Without pre-generation a layer generates before each sparse stage: gen [0, 804), relu [804, 906), gen
        // [906, 1710) (3200 groups: 804 cycles each). The generation row spans 1710 cycles but runs in 1608 of them,
        // all on the sparse-gen engine: no dependence.
        var nm = new NmPattern(2, 8);
        var ops = new[]
        {
            Ops.SparseGen(0, 3200, nm, layer: "g"),
            Ops.Vector(1, "relu", 3200, layer: "a", deps: [0]),
            Ops.SparseGen(2, 3200, nm, layer: "g", deps: [1]),
        };
        var r = AcceleratorSimulator.Run(Sat, ops);
        var gen = Row(r, "g", Stage.Gen);
        Assert.Equal(1710, r.TotalCycles);
        Assert.Equal(1710, gen.SpanCycles);
        Assert.Equal(1608, gen.ActiveCycles);
        Assert.Equal(1608, gen.Alone.SparseGen);
        Assert.Equal(0, gen.DependenceCycles);
        Assert.Equal(Bound.SparseGen, gen.Bound);
        Assert.Equal(1608, gen.CriticalCycles);
        Assert.Equal(1608, r.BoundCycles[Bound.SparseGen]);
        Assert.Equal(102, r.BoundCycles[Bound.Vector]);
        SumsToTotal(r);
    }

    [Fact]
    public void IdleGapIsADependenceOfTheRowThatWaited()
    {
        // Hand-made rows (the simulator leaves no gaps between layer operations): a [0, 100), b [150, 250) with
        // 100 compute cycles; the 50 idle cycles are b's dependence.
        var rows = new[]
        {
            new LayerStageStats { Layer = "a", Stage = Stage.FP, FirstStart = 0, LastEnd = 100, ActiveCycles = 100, Alone = new ResourceCycles(100, 0, 0, 0, 0, 0, 0) },
            new LayerStageStats { Layer = "b", Stage = Stage.BP, FirstStart = 150, LastEnd = 250, ActiveCycles = 100, Alone = new ResourceCycles(0, 0, 0, 0, 80, 0, 0) },
        };
        var (attributed, shares) = BoundAttribution.Attribute(rows, 250);
        Assert.Equal([100L, 150L], attributed.Select(r => r.CriticalCycles));
        Assert.Equal([new BoundShare(Stage.FP, Bound.Compute, 100), new BoundShare(Stage.BP, Bound.Dram, 80), new BoundShare(Stage.BP, Bound.Dependence, 70)], shares);
    }

    [Fact]
    public void BoundNamesRoundTrip()
    {
        Assert.Equal(["compute", "input_bandwidth", "weight_bandwidth", "index_bandwidth", "dram", "vector", "sparse_gen", "dependence"], BoundNames.All.Select(BoundNames.Of));
        foreach (var b in BoundNames.All) Assert.Equal(b, BoundNames.Parse(BoundNames.Of(b)));
        Assert.Null(BoundNames.Parse("cache"));
    }
}
