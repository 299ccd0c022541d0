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
    /// The monotone planner, run through the simulator: GEMMs of real convolutions (ResNet-18 CIFAR at batch 1, LeNet-5
    /// at batch 4: FP, BP and WG) and random shapes, dense and 2:8, each with one buffer (input, weight, output or index)
    /// at a size and at 2-8 times it, on one and two DRAM channels. The larger buffer never simulates more DRAM bytes and
    /// its plan never has more estimated cycles or bytes (by construction); the simulated cycles follow the estimate
    /// only to the walk's error (<see cref="TileWalk"/>), so they may rise, by at most 2 % here.
    /// </summary>
    [Fact]
    public void UnderTheMonotonePlannerALargerBufferNeverSimulatesMoreBytes()
    {
        var conv = new[] { ("resnet18-cifar", 1), ("lenet5", 4) }
            .SelectMany(z => IterationLowering.Lower(ModelZoo.Create(z.Item1), new LoweringOptions { Batch = z.Item2, Method = TrainingMethod.Dense }))
            .Where(o => o.Kind == LayerOpKind.Gemm).Select(o => ((int)o.M, (int)o.N, (int)o.K)).Distinct().ToList();
        var r = new Random(13);
        var kinds = new[] { BufferKind.Input, BufferKind.Weight, BufferKind.Output, BufferKind.Index };
        int pairs = 0, rises = 0;
        var worst = 0.0;
        for (var i = 0; i < 96; i++)
        {
            var (m, n, k) = i < conv.Count && i % 2 == 0 ? conv[i] : (r.Next(1, 1025), r.Next(1, 513), r.Next(1, 1153));
            var sparse = r.Next(2) == 1;
            var kind = kinds[r.Next(sparse ? 4 : 3)];
            var small = r.Next(12, 20);
            var large = small + r.Next(1, 4);
            var hw = HardwareConfig.Sat with { Dram = HardwareConfig.Sat.Dram with { Channels = r.Next(1, 3) } };
            HardwareConfig With(int log) => hw with { Buffers = hw.Buffers.With(kind, hw.Buffers.For(kind) with { CapacityBytes = 1L << log }) };
            var p = sparse ? new NmPattern(2, 8) : NmPattern.Dense;
            GemmPlan a;
            try { a = GemmPlanner.PlanMonotone(m, n, k, p, With(small)); } catch (InvalidOperationException) { continue; }
            var b = GemmPlanner.PlanMonotone(m, n, k, p, With(large));
            var what = $"{m}x{n}x{k} {p} {kind} 2^{small} -> 2^{large}, {hw.Dram.Channels} channel(s): {a} -> {b}";
            Assert.True(b.EstimatedCycles <= a.EstimatedCycles && b.EstimatedDramBytes <= a.EstimatedDramBytes, what);
            var op = Sim.Mapping.Tests.Tiling.TileWalkTests.Gemm(m, n, k, sparse);
            var (ca, ba) = Simulate(op, With(small));
            var (cb, bb) = Simulate(op, With(large));
            Assert.True(bb <= ba, $"{what}: simulated bytes {ba} -> {bb}");
            pairs++;
            if (cb > ca)
            {
                rises++;
                worst = Math.Max(worst, (cb - ca) / (double)ca);
            }
            Assert.True(cb <= ca * 1.02, $"{what}: simulated cycles {ca} -> {cb}");
        }
        Assert.True(pairs >= 60, $"{pairs} pairs");
        Console.WriteLine($"{pairs} pairs, simulated cycles rise in {rises} (worst {worst:P2})");
    }

    private static (long Cycles, long Bytes) Simulate(LayerOp op, HardwareConfig hw)
    {
        var report = AcceleratorSimulator.Run(hw, new IterationTiler(hw, MonotoneGemmPlanner.Instance).TileOps([op]), new SimulationOptions { RecordTimeline = false });
        return (report.TotalCycles, report.DramBytesRead + report.DramBytesWritten);
    }
}
