using Sim.Components.Accelerator;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.PeArray;

namespace Sim.Components.Tests.Accelerator;

public class AcceleratorSimulatorTests
{
    private static readonly HardwareConfig Sat = HardwareConfig.Sat;
    private static readonly SimulationOptions ScaleSimAssumptions = new() { IdealMemory = true, FoldOverlap = false, BufferBandwidthLimits = false };

    [Theory]
    [InlineData(Dataflow.OutputStationary)]
    [InlineData(Dataflow.WeightStationary)]
    [InlineData(Dataflow.InputStationary)]
    public void IdealMemoryReproducesAnalyticSerialCycles(Dataflow df)
    {
        // Folds run one after another and memory never stalls: the process model must add up the closed form exactly.
        var shapes = new[] { (100, 70, 33), (32, 32, 32), (7, 300, 129), (64, 1, 5) };
        var ops = shapes.Select((s, i) => Ops.Gemm(i, s.Item1, s.Item2, s.Item3, df)).ToList();
        var report = AcceleratorSimulator.Run(Sat, ops, ScaleSimAssumptions);
        var expected = shapes.Sum(s => SystolicTiming.For(32, 32, df, s.Item1, s.Item2, s.Item3).SerialCycles);
        Assert.Equal(expected, report.TotalCycles);
        Assert.Equal(expected, report.ComputeCycles);
        Assert.Equal(0, report.MemoryStallCycles);
        Assert.Equal(shapes.Sum(s => (long)s.Item1 * s.Item2 * s.Item3), report.DenseMacs);
    }

    private static IEnumerable<Operation> FailingStream(int good)
    {
        for (var i = 0; i < good; i++)
        {
            yield return Ops.Gemm(i, 8, 8, 8);
        }
        throw new InvalidDataException("line 3: bad record");
    }

    [Fact]
    public void AStreamThatFailsNamesTheLastOperationThatRanOrNoneBeforeTheFirst()
    {
        var first = Assert.Throws<SimulationError>(() => AcceleratorSimulator.Run(Sat, FailingStream(0)));
        Assert.Contains("reading the operation stream failed before the first operation: line 3: bad record", first.Message);
        Assert.DoesNotContain(long.MinValue.ToString(System.Globalization.CultureInfo.InvariantCulture), first.Message);
        var later = Assert.Throws<SimulationError>(() => AcceleratorSimulator.Run(Sat, FailingStream(2)));
        Assert.Contains("reading the operation stream failed after operation 1: line 3: bad record", later.Message);
    }

    [Fact]
    public void SparseModeTakesNOverMOfDenseStreamingPlusFillAndDrain()
    {
        var nm = new NmPattern(2, 8);
        var dense = AcceleratorSimulator.Run(Sat, [Ops.Gemm(0, 32, 32, 4096)], ScaleSimAssumptions);
        var sparse = AcceleratorSimulator.Run(Sat, [Ops.Gemm(0, 32, 32, 4096, nm: nm)], ScaleSimAssumptions);
        const long fillDrain = 32 + 32 - 2; // OS, one fold
        Assert.Equal(4096 + fillDrain, dense.TotalCycles);
        Assert.Equal(4096 * 2 / 8 + fillDrain, sparse.TotalCycles);
        Assert.Equal(dense.DenseMacs, sparse.DenseMacs);
        Assert.Equal(dense.DenseMacs / 4, sparse.EffectiveMacs);
    }

    [Fact]
    public void FoldOverlapHidesFillBetweenBackToBackTiles()
    {
        var ops = Enumerable.Range(0, 10).Select(i => Ops.Gemm(i, 32, 32, 256)).ToList();
        var serial = AcceleratorSimulator.Run(Sat, ops, ScaleSimAssumptions);
        var overlapped = AcceleratorSimulator.Run(Sat, ops, ScaleSimAssumptions with { FoldOverlap = true });
        Assert.Equal(10 * (256 + 62), serial.TotalCycles);
        Assert.Equal(256 + 62 + 9 * 256, overlapped.TotalCycles);
    }

    /// <summary>A streaming layer: per tile load activations, compute, store; weights loaded once.</summary>
    private static List<Operation> StreamingLayer(int tiles, int m, int n, int k, int bytes = 2)
    {
        var ops = new List<Operation> { Ops.Load(0, BufferKind.Weight, (long)k * n * bytes) };
        long id = 1;
        for (var t = 0; t < tiles; t++)
        {
            var load = id++;
            ops.Add(Ops.Load(load, BufferKind.Input, (long)m * k * bytes));
            var gemm = id++;
            ops.Add(Ops.Gemm(gemm, m, n, k, deps: [0, load]));
            ops.Add(Ops.Store(id++, (long)m * n * bytes, deps: [gemm]));
        }
        return ops;
    }

    [Theory]
    [InlineData(64, 32, 256, 19.2)]   // memory bound: 32 KiB in per tile vs ~318 compute cycles
    [InlineData(32, 32, 2048, 19.2)]  // compute bound: 2048-long reductions
    [InlineData(128, 32, 64, 4.8)]    // strongly memory bound on a slow channel
    public void FiniteBandwidthBoundAndStreamingWithinTenPercent(int m, int n, int k, double gbps)
    {
        var config = Sat with { Dram = Sat.Dram with { GBpsPerChannel = gbps } };
        var ops = StreamingLayer(200, m, n, k);
        var report = AcceleratorSimulator.Run(config, ops, new SimulationOptions { FoldOverlap = true });
        var computeBound = ops.Where(o => o.Kind == OpKind.Gemm)
            .Sum(o => PeArrayUnit.TileCycles(o, config, foldOverlap: true, backToBack: true, bandwidthLimits: true).Cycles);
        var bytes = ops.Where(o => o.Kind is OpKind.Load or OpKind.Store).Sum(o => o.Bytes);
        var memoryBound = bytes / config.Dram.BytesPerCycle(config.ClockMHz);
        var bound = Math.Max(computeBound, memoryBound);
        Assert.True(report.TotalCycles >= bound, $"{report.TotalCycles} < bound {bound}");
        Assert.True(report.TotalCycles <= 1.10 * bound, $"{report.TotalCycles} more than 10% above bound {bound} (compute {computeBound}, memory {memoryBound:F0})");
        Assert.Equal(bytes, report.DramBytesRead + report.DramBytesWritten);
    }

    [Fact]
    public void ConservationPeaksAndCompletion()
    {
        var config = Sat with { Buffers = Sat.Buffers with { Input = Sat.Buffers.Input with { CapacityBytes = 64 * 1024 } } };
        var ops = StreamingLayer(50, 32, 32, 512); // 32 KiB input tiles: exactly two fit in 64 KiB
        var completed = 0;
        var report = AcceleratorSimulator.Run(config, ops, new SimulationOptions { OnOperation = _ => completed++ });
        Assert.Equal(ops.Count, completed);
        Assert.Equal(ops.Count, report.Operations);
        foreach (var b in report.Buffers)
        {
            Assert.Equal(b.BytesIn, b.BytesOut);
            Assert.True(b.PeakBytes <= b.CapacityBytes, $"{b.Kind} peak {b.PeakBytes} > {b.CapacityBytes}");
        }
        var input = report.Buffers.Single(b => b.Kind == BufferKind.Input);
        Assert.Equal(50L * 32 * 512 * 2, input.BytesIn);
        Assert.Equal(64 * 1024, input.PeakBytes); // double buffering: current tile plus prefetched next
    }

    [Fact]
    public void PrefetchOverlapsLoadsWithCompute()
    {
        var ops = StreamingLayer(20, 32, 32, 1024);
        var report = AcceleratorSimulator.Run(Sat, ops);
        var gemmCycles = report.ComputeCycles;
        var dramCycles = report.Components.Where(c => c.Component.StartsWith("DRAM", StringComparison.Ordinal)).Sum(c => c.BusyCycles);
        Assert.True(report.TotalCycles < gemmCycles + dramCycles, "loads did not overlap computation");
    }

    [Fact]
    public void OperandThatDoesNotFitIsAnErrorNamingBufferOperationAndSizes()
    {
        var ops = new[] { Ops.Load(7, BufferKind.Weight, 600_000, layer: "conv1") };
        var ex = Assert.Throws<SimulationError>(() => AcceleratorSimulator.Run(Sat, ops));
        Assert.Contains("operation 7", ex.Message);
        Assert.Contains("conv1", ex.Message);
        Assert.Contains("Weight buffer", ex.Message);
        Assert.Contains("600000", ex.Message);
        Assert.Contains("524288", ex.Message);
        var gemm = new[] { Ops.Gemm(3, 1024, 1024, 8) }; // 4 MiB of FP32 outputs
        var ex2 = Assert.Throws<SimulationError>(() => AcceleratorSimulator.Run(Sat, gemm));
        Assert.Contains("Output buffer", ex2.Message);
    }

    [Fact]
    public void DependenceOnLaterOperationIsAnError()
    {
        var ops = new[] { Ops.Gemm(0, 8, 8, 8, deps: [5]) };
        var ex = Assert.Throws<SimulationError>(() => AcceleratorSimulator.Run(Sat, ops));
        Assert.Contains("depends on operation 5", ex.Message);
        var dup = new[] { Ops.Gemm(3, 8, 8, 8), Ops.Gemm(3, 8, 8, 8) };
        Assert.Contains("ids must increase", Assert.Throws<SimulationError>(() => AcceleratorSimulator.Run(Sat, dup)).Message);
    }

    [Fact]
    public void BufferDeadlockIsReported()
    {
        // Three unconsumed 300 KiB loads into a 1 MiB buffer: the third never gets space, nothing can free it.
        var ops = new[]
        {
            Ops.Load(0, BufferKind.Input, 400_000), Ops.Load(1, BufferKind.Input, 400_000), Ops.Load(2, BufferKind.Input, 400_000),
        };
        var ex = Assert.Throws<SimulationError>(() => AcceleratorSimulator.Run(Sat, ops));
        Assert.Contains("deadlock", ex.Message);
    }

    [Fact]
    public void VectorAndSparseGenCyclesByHand()
    {
        // relu: latency 2 + ceil(1000 * 1 / 32) = 2 + 32 = 34. sparse-gen 2:8, 100 groups on 32 lanes:
        // 4 + ceil(100/32) * 8 = 4 + 32 = 36; both run concurrently on their own engines.
        var ops = new[] { Ops.Vector(0, "relu", 1000), Ops.SparseGen(1, 100, new NmPattern(2, 8)) };
        var report = AcceleratorSimulator.Run(Sat, ops);
        Assert.Equal(36, report.TotalCycles);
        Assert.Equal(34, report.LayerStages.Single(s => s.Stage == Stage.FP).VectorCycles);
        Assert.Equal(36, report.LayerStages.Single(s => s.Stage == Stage.Gen).SparseGenCycles);
        // Dependent: the sparse-gen waits for the vector op.
        var chained = new[] { Ops.Vector(0, "relu", 1000), Ops.SparseGen(1, 100, new NmPattern(2, 8), deps: [0]) };
        Assert.Equal(34 + 36, AcceleratorSimulator.Run(Sat, chained).TotalCycles);
    }

    [Fact]
    public void MoreChannelsMoveBytesFaster()
    {
        // 128x32x32 tiles: 128 compute cycles against 16 KiB of traffic, 683 cycles on one 4.8 GB/s channel.
        var slow = Sat with { Dram = Sat.Dram with { GBpsPerChannel = 4.8 } };
        var ops = StreamingLayer(100, 128, 32, 32);
        var one = AcceleratorSimulator.Run(slow, ops);
        var four = AcceleratorSimulator.Run(slow with { Dram = slow.Dram with { Channels = 4 } }, ops);
        Assert.True(four.TotalCycles < one.TotalCycles / 3.0, $"4 channels {four.TotalCycles} vs 1 channel {one.TotalCycles}");
    }

    [Fact]
    public void Ddr4StreamingIsBoundByTccdLAndRefresh()
    {
        var config = Sat with { Dram = Sat.Dram with { Ddr4 = new Ddr4Timing() } };
        // Consume each load so the buffer drains.
        var stream = new List<Operation>();
        long id = 0;
        for (var i = 0; i < 100; i++)
        {
            var l = id++;
            stream.Add(Ops.Load(l, BufferKind.Input, 64 * 1024));
            stream.Add(Ops.Vector(id++, "relu", 1, deps: [l]));
        }
        var report = AcceleratorSimulator.Run(config, stream);
        var peak = 100 * 64 * 1024 / config.Dram.BytesPerCycle(config.ClockMHz);
        Assert.True(report.TotalCycles >= peak, $"{report.TotalCycles} < {peak}");
        // By hand (JESD79-4 DDR4-2400R): the 128 bursts of an 8 KiB row are in one bank group, so in request order one
        // RD per tCCD_L = 6 clocks; a controller that reorders can overlap a row's tail with the next bank group, at
        // best one burst per BL8 = 4 clocks on the bus. Refresh takes tRFC = 420 (+ tRP 16) of every tREFI = 9364.
        var bursts = 100 * 64 * 1024 / 64;
        double Cycles(double clocksPerBurst) => bursts * clocksPerBurst / (1 - (420.0 + 16) / 9364) * 0.833 * config.ClockMHz / 1e3;
        Assert.InRange(report.TotalCycles, Cycles(4), Cycles(6) * 1.01 + 50);
        // and the reordering window buys a good part of the tCCD_L loss (DRAMsim3 on the same stream: 5.1 clocks/burst).
        Assert.True(report.TotalCycles < Cycles(5.5), $"{report.TotalCycles} cycles: no better than in order ({Cycles(6):F0})");
    }

    [Fact]
    public void EnergyAndThroughputFromTable()
    {
        var energy = new EnergyTable { DenseMacPj = 2, SparseMacPj = 3, BufferReadPjPerByte = 0, BufferWritePjPerByte = 0, DramPjPerByte = 100, VectorPjPerElement = 0, SparseGenPjPerElement = 0, StaticPowerW = 0 };
        var config = Sat with { Energy = energy };
        var ops = new[] { Ops.Load(0, BufferKind.Input, 1000), Ops.Gemm(1, 32, 32, 64, deps: [0]), Ops.Gemm(2, 32, 32, 64, nm: new NmPattern(2, 8)) };
        var r = AcceleratorSimulator.Run(config, ops);
        Assert.Equal(32 * 32 * 64 * 2e-12, r.Energy.DenseMacJ, 15);
        Assert.Equal(32 * 32 * 16 * 3e-12, r.Energy.SparseMacJ, 15);
        Assert.Equal(1000 * 100e-12, r.Energy.DramJ, 15);
        Assert.Equal(2.0 * (32 * 32 * 64 + 32 * 32 * 16), r.EffectiveOps);
        Assert.Equal(2.0 * 2 * 32 * 32 * 64, r.DenseEquivalentOps);
        Assert.Equal(r.EffectiveOps / r.Seconds / 1e9 / (r.Energy.TotalJ / r.Seconds), r.EffectiveGopsPerWatt, 9);
    }

    [Fact]
    public void TimelineMergesTilesPerLayerAndStage()
    {
        var ops = new List<Operation>();
        for (var i = 0; i < 50; i++) ops.Add(Ops.Gemm(i, 32, 32, 64, layer: i < 25 ? "a" : "b"));
        var r = AcceleratorSimulator.Run(Sat, ops, ScaleSimAssumptions);
        var pe = r.Timeline.Where(t => t.Component == "PE array").ToList();
        Assert.Equal(2, pe.Count);
        Assert.Equal("a FP", pe[0].Label);
        Assert.Equal(r.TotalCycles, pe[1].End);
        Assert.Equal(2, r.LayerStages.Count);
        Assert.Equal(1.0, r.MappingEfficiency, 12);
    }
}

public class BufferResidencyTests
{
    [Fact]
    public void OrderingDependencesDoNotKeepDataAlive()
    {
        // Two 512 KiB output tiles fill the output buffer; tile A is stored, its partial sums are loaded back into the
        // freed half and a GEMM accumulates onto them while also waiting (ordering only) for A's GEMM. A's space must be
        // reusable once its store finished, or this deadlocks (pattern of the tiler's K-split with interleaved tiles).
        var ops = new[]
        {
            Ops.Load(0, BufferKind.Input, 32 * 64 * 2), Ops.Load(1, BufferKind.Weight, 64 * 4096 * 2),
            Ops.Gemm(2, 32, 4096, 64, deps: [0, 1]),                       // A: 32 x 4096 x 4 B = 512 KiB
            Ops.Gemm(3, 32, 4096, 64, deps: [0, 1]),                       // B: 512 KiB
            Ops.Store(4, 32 * 4096 * 4, deps: [2]),                       // A's partial sums out
            Ops.Load(5, BufferKind.Output, 32 * 4096 * 4, deps: [4]),    // back in (reusing A's half)
            Ops.Gemm(6, 32, 4096, 64, accumulate: true, deps: [0, 1, 5, 2]),
            Ops.Store(7, 32 * 4096 * 4, deps: [6]),
            Ops.Store(8, 32 * 4096 * 4, deps: [3]),
        };
        var r = AcceleratorSimulator.Run(HardwareConfig.Sat, ops);
        Assert.Equal(ops.Length, r.Operations);
        var output = r.Buffers.Single(b => b.Kind == BufferKind.Output);
        Assert.Equal(output.BytesIn, output.BytesOut);
        Assert.Equal(1L << 20, output.PeakBytes);
        Assert.Equal(3L * 512 * 1024, output.BytesIn); // A, B and the reloaded partial sums; the accumulating GEMM writes in place
    }

    [Fact]
    public void TwoOperandsLoadedBeforeTheirGemmBothStayResident()
    {
        // X and dY both go to the input buffer before the GEMM that reads both (weight-gradient pattern): neither may be
        // released before the GEMM ran, so the peak holds both.
        var ops = new[]
        {
            Ops.Load(0, BufferKind.Input, 300_000), Ops.Load(1, BufferKind.Input, 300_000),
            Ops.Gemm(2, 32, 32, 4096, stage: Stage.WG, deps: [0, 1]),
            Ops.Store(3, 32 * 32 * 2, stage: Stage.WG, deps: [2]),
        };
        var r = AcceleratorSimulator.Run(HardwareConfig.Sat, ops);
        Assert.Equal(600_000, r.Buffers.Single(b => b.Kind == BufferKind.Input).PeakBytes);
    }
}
