using CsCheck;
using Sim.Components.Accelerator;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using Sim.Mapping.Tiling;
using Sim.Workloads.Models;

namespace Sim.Workloads.Tests.Tiling;

/// <summary>
/// A larger buffer, all else equal, only adds candidate plans: the planner's objective (estimated joules of time at
/// static power plus DRAM traffic) can never rise. (The simulated cycles follow only as closely as the estimate
/// tracks the simulator: docs/cost.md has the per-layer error table and the measured buffer sweep.)
/// </summary>
public class BufferMonotonicityTests
{
    /// <summary>
    /// CsCheck's seed fixes only a sample's first iteration, so each property draws its whole batch of inputs as one
    /// value from this seed: every run checks the same layers.
    /// </summary>
    private const string FixedSeed = "0000000000000";

    private static readonly BufferKind[] Swept = [BufferKind.Input, BufferKind.Weight, BufferKind.Output];

    private static readonly Gen<(int M, int N, int K, bool Sparse, int Kind, int Small, int Step)> Layers =
        from m in Gen.Int[1, 2048]
        from n in Gen.Int[1, 512]
        from k in Gen.Int[1, 2304]
        from sparse in Gen.Bool
        from kind in Gen.Int[0, 2]
        from small in Gen.Int[14, 20]
        from step in Gen.Int[1, 3]
        select (m, n, k, sparse, kind, small, step);

    private static HardwareConfig WithCapacity(BufferKind kind, long bytes)
    {
        var hw = HardwareConfig.Sat;
        return hw with { Buffers = hw.Buffers.With(kind, hw.Buffers.For(kind) with { CapacityBytes = bytes }) };
    }

    [Fact]
    public void ThePlannersObjectiveNeverRisesWithALargerBuffer()
    {
        Layers.Array[150].Sample(batch => Array.ForEach(batch, t =>
        {
            var p = t.Sparse ? new NmPattern(2, 8) : NmPattern.Dense;
            var b = Swept[t.Kind];
            HardwareConfig small = WithCapacity(b, 1L << t.Small), large = WithCapacity(b, 1L << (t.Small + t.Step));
            GemmPlan a;
            try { a = GemmPlanner.Plan(t.M, t.N, t.K, p, small); } catch (InvalidOperationException) { return; }
            var c = GemmPlanner.Plan(t.M, t.N, t.K, p, large);
            Assert.True(GemmPlanner.Objective(c, large) <= GemmPlanner.Objective(a, small), $"{t}: {a} -> {c}");
        }), iter: 1, seed: FixedSeed);
    }

    [Fact]
    public void ALargerBufferNeverGetsAWorseElementWiseChunking()
    {
        var ops = from elements in Gen.Long[1, 4_000_000]
                  from kind in Gen.Int[0, 3].Select(i => new[] { "relu_bwd", "bn_bwd", "sgd_momentum", "add" }[i])
                  from small in Gen.Int[12, 22]
                  select (elements, kind, small);
        ops.Array[300].Sample(batch => Array.ForEach(batch, t =>
        {
            var op = LayerOp.ElementWise("x", Stage.BP, t.kind, t.elements, 2, 1);
            HardwareConfig a = HardwareConfig.Sat with { Buffers = HardwareConfig.Sat.Buffers with { Input = new BufferConfig { CapacityBytes = 1L << t.small } } };
            var b = a with { Buffers = a.Buffers with { Input = new BufferConfig { CapacityBytes = 2L << t.small } } };
            var ca = ElementWiseChunking.Chunk(op, a, 4, 2);
            var cb = ElementWiseChunking.Chunk(op, b, 4, 2);
            Assert.True(ElementWiseChunking.Estimate(op, b, cb) <= ElementWiseChunking.Estimate(op, a, ca), $"{t}: {ca} -> {cb}");
        }), iter: 1, seed: FixedSeed);
    }

    [Fact]
    public void TheCostModelTracksTheSimulatorPerLayer()
    {
        // Median |estimate - simulated| / simulated over ResNet-9's GEMM layer-stages (BDWP 2:8, batch 4).
        var rows = PlanAccuracy.Measure(Sim.Workloads.Models.ModelZoo.Create("resnet9"), new LoweringOptions { Batch = 4, Method = TrainingMethod.Bdwp }, HardwareConfig.Sat);
        Assert.True(rows.Count >= 20, $"{rows.Count} rows");
        Assert.True(PlanAccuracy.MedianAbsoluteError(rows) < 0.10, string.Join("\n", rows.Select(r => $"{r.Layer}/{r.Stage} {r.EstimatedCycles} {r.SimulatedCycles}")));
    }

    /// <summary>
    /// The planner, run through the simulator: GEMMs of real convolutions (ResNet-18 CIFAR at batch 1, LeNet-5 at batch
    /// 4: FP, BP and WG) and random shapes, dense and 2:8, each with one buffer (input, weight, output or index) at a size
    /// and at 2-8 times it, on one and two DRAM channels. The larger buffer's plan never has more estimated cycles or
    /// bytes (the chain, by construction) and never simulates more DRAM bytes or more cycles: no tolerance. When both
    /// get the same plan the operation streams are the same, and a buffer's capacity enters the simulation only through
    /// the fit check and the loads' space reservations: the two runs must be identical (checked); when the plans differ, the simulated cycles must not
    /// rise either: the planner's chain keeps only plans that the simulator, running each alone, orders as the walk does.
    /// </summary>
    [Fact]
    public void ALargerBufferNeverSimulatesMoreCyclesOrBytes()
    {
        var conv = new[] { ("resnet18-cifar", 1), ("lenet5", 4) }
            .SelectMany(z => IterationLowering.Lower(ModelZoo.Create(z.Item1), new LoweringOptions { Batch = z.Item2, Method = TrainingMethod.Dense }))
            .Where(o => o.Kind == LayerOpKind.Gemm).Select(o => ((int)o.M, (int)o.N, (int)o.K)).Distinct().ToList();
        var r = new Random(13);
        var kinds = new[] { BufferKind.Input, BufferKind.Weight, BufferKind.Output, BufferKind.Index };
        int pairs = 0, samePlan = 0, belowChain = 0;
        var failures = new List<string>();
        for (var i = 0; i < 160; i++)
        {
            var (m, n, k) = i < 2 * conv.Count && i % 2 == 0 ? conv[i / 2] : (r.Next(1, 1025), r.Next(1, 513), r.Next(1, 1153));
            var sparse = r.Next(2) == 1;
            var kind = kinds[r.Next(sparse ? 4 : 3)];
            var small = r.Next(12, 20);
            var large = small + r.Next(1, 4);
            var hw = HardwareConfig.Sat with { Dram = HardwareConfig.Sat.Dram with { Channels = r.Next(1, 3) } };
            HardwareConfig With(int log) => hw with { Buffers = hw.Buffers.With(kind, hw.Buffers.For(kind) with { CapacityBytes = 1L << log }) };
            var p = sparse ? new NmPattern(2, 8) : NmPattern.Dense;
            GemmPlan a;
            try { a = GemmPlanner.Plan(m, n, k, p, With(small)); } catch (InvalidOperationException) { continue; }
            var b = GemmPlanner.Plan(m, n, k, p, With(large));
            var chain = GemmPlanner.ChainFor(m, n, k, p, With(small));
            if (!chain.Contains(a))
            {
                belowChain++;
            }
            var what = $"{m}x{n}x{k} {p} {kind} 2^{small} -> 2^{large}, {hw.Dram.Channels} channel(s): {a} -> {b}";
            Assert.True(b.EstimatedCycles <= a.EstimatedCycles && b.EstimatedDramBytes <= a.EstimatedDramBytes, what);
            var op = Sim.Mapping.Tests.Tiling.TileWalkTests.Gemm(m, n, k, sparse);
            var (ca, ba) = Simulate([op], With(small));
            var (cb, bb) = Simulate([op], With(large));
            pairs++;
            if (a == b)
            {
                samePlan++;
                Assert.True(ca == cb && ba == bb, $"{what}: same plan, simulated {ca} -> {cb} cycles, {ba} -> {bb} bytes");
            }
            if (cb > ca || bb > ba)
            {
                failures.Add($"{what}: simulated cycles {ca} -> {cb}, bytes {ba} -> {bb}");
            }
        }
        Assert.True(pairs >= 100 && samePlan < pairs - 20, $"{pairs} pairs, {samePlan} with the same plan");
        Assert.True(failures.Count == 0, $"{failures.Count} of {pairs} pairs rise:\n" + string.Join("\n", failures));
        Console.WriteLine($"{pairs} pairs ({samePlan} with the same plan, {belowChain} below the chain): no rise");
    }

    /// <summary>
    /// Element-wise operations (the kinds and sizes of a training iteration's vector work) and N:M generations, each
    /// alone through the tiler and the simulator with the buffers it is chunked by at a size and at twice and eight
    /// times it: the larger buffers never simulate more cycles or DRAM bytes (no tolerance), and a chunk that stays the
    /// same simulates identically.
    /// </summary>
    [Fact]
    public void ALargerBufferNeverSimulatesSlowerElementWiseWorkOrGeneration()
    {
        var r = new Random(17);
        var kinds = new[] { "relu_bwd", "bn_bwd", "sgd_momentum", "add", "relu" };
        int pairs = 0, changed = 0;
        var failures = new List<string>();
        for (var i = 0; i < 120; i++)
        {
            var gen = i % 2 == 1;
            var elements = (long)Math.Pow(2, r.NextDouble() * 22);
            var op = gen
                ? LayerOp.SparseGen("x", 8 * Math.Max(1, elements), Patterns[r.Next(Patterns.Length)], WeightDimension.InputChannels)
                : LayerOp.ElementWise("x", Stage.BP, kinds[r.Next(kinds.Length)], Math.Max(1, elements), r.Next(1, 4), r.Next(0, 3));
            var small = r.Next(9, 21);
            foreach (var step in new[] { 1, 3 })
            {
                HardwareConfig With(int log)
                {
                    var b = HardwareConfig.Sat.Buffers;
                    var size = 1L << log;
                    return HardwareConfig.Sat with
                    {
                        Buffers = gen
                            ? b with { Weight = b.Weight with { CapacityBytes = size }, Index = b.Index with { CapacityBytes = Math.Max(64, size / 8) } }
                            : b with { Input = b.Input with { CapacityBytes = size }, Output = b.Output with { CapacityBytes = size } },
                    };
                }
                long chunkA, chunkB;
                try
                {
                    chunkA = Chunk(op, With(small));
                }
                catch (InvalidOperationException)
                {
                    continue;
                }
                chunkB = Chunk(op, With(small + step));
                var (ca, ba) = Simulate([op], With(small));
                var (cb, bb) = Simulate([op], With(small + step));
                pairs++;
                var what = $"{op.Op} {op.Elements + op.Groups} {op.Sparsity} 2^{small} -> 2^{small + step}: chunk {chunkA} -> {chunkB}";
                if (chunkA == chunkB)
                {
                    Assert.True(ca == cb && ba == bb, $"{what}: same chunk, simulated {ca} -> {cb} cycles");
                }
                else
                {
                    changed++;
                }
                if (cb > ca || bb > ba)
                {
                    failures.Add($"{what}: simulated cycles {ca} -> {cb}, bytes {ba} -> {bb}");
                }
            }
        }
        Assert.True(pairs >= 150 && changed >= 20, $"{pairs} pairs, {changed} with a different chunk");
        Assert.True(failures.Count == 0, $"{failures.Count} of {pairs} pairs rise:\n" + string.Join("\n", failures));
    }

    private static readonly NmPattern[] Patterns = [new(2, 8), new(1, 4), new(2, 4)];

    private static long Chunk(LayerOp op, HardwareConfig hw)
    {
        var chunk = op.Kind == LayerOpKind.SparseGen
            ? GenerationChunking.Chunk(op, hw)
            : ElementWiseChunking.Chunk(op, hw, Math.Max(1, (op.BytesIn + op.Elements - 1) / op.Elements), Math.Max(1, (op.BytesOut + op.Elements - 1) / op.Elements));
        return chunk >= 1 ? chunk : throw new InvalidOperationException("does not fit");
    }

    private static (long Cycles, long Bytes) Simulate(IReadOnlyList<LayerOp> ops, HardwareConfig hw)
    {
        var report = AcceleratorSimulator.Run(hw, new IterationTiler(hw).TileOps(ops), new SimulationOptions { RecordTimeline = false });
        return (report.TotalCycles, report.DramBytesRead + report.DramBytesWritten);
    }
}
