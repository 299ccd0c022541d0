using CsCheck;
using Sim.Components.Accelerator;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Workloads.Lowering;
using Sim.Workloads.Tiling;

namespace Sim.Workloads.Tests.Tiling;

/// <summary>
/// A larger buffer, all else equal, only adds candidate plans: the planner's objective (estimated joules of time at
/// static power plus DRAM traffic) can never rise, and the plan it picks must not lose in simulation either.
/// </summary>
public class BufferMonotonicityTests
{
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

    private static LayerOp Gemm(int m, int n, int k, NmPattern p) =>
        LayerOp.Gemm("x", Stage.FP, "t", m, n, k, 1, p, p.IsDense ? GemmOperand.None : GemmOperand.B, p.IsDense ? WeightDimension.None : WeightDimension.InputChannels);

    /// <summary>The planner's objective measured on the simulator: picojoules of the run's time at static power and of its DRAM bytes.</summary>
    private static (double Objective, long Cycles, long Bytes) Simulate(LayerOp op, HardwareConfig hw)
    {
        var r = AcceleratorSimulator.Run(hw, new IterationTiler(hw).TileOps([op]));
        var bytes = r.DramBytesRead + r.DramBytesWritten;
        return (r.TotalCycles * hw.Energy.StaticPowerW / (hw.ClockMHz * 1e6) * 1e12 + bytes * hw.Energy.DramPjPerByte, r.TotalCycles, bytes);
    }

    [Fact]
    public void ThePlannersObjectiveNeverRisesWithALargerBuffer()
    {
        Layers.Sample(t =>
        {
            var p = t.Sparse ? new NmPattern(2, 8) : NmPattern.Dense;
            var b = Swept[t.Kind];
            HardwareConfig small = WithCapacity(b, 1L << t.Small), large = WithCapacity(b, 1L << (t.Small + t.Step));
            GemmPlan a;
            try { a = GemmPlanner.Plan(t.M, t.N, t.K, p, small); } catch (InvalidOperationException) { return; }
            var c = GemmPlanner.Plan(t.M, t.N, t.K, p, large);
            Assert.True(GemmPlanner.Objective(c, large) <= GemmPlanner.Objective(a, small), $"{t}: {a} -> {c}");
        }, iter: 400, seed: "0000000000000");
    }

    [Fact]
    public void ALargerBufferNeverLosesInSimulation()
    {
        // Within the cost model's error: the estimate tracks the simulator to a few per cent per GEMM (docs/cost.md
        // has the per-layer table), so two plans whose estimates are that close may swap in simulation.
        const double tolerance = 0.03;
        Layers.Sample(t =>
        {
            var p = t.Sparse ? new NmPattern(2, 8) : NmPattern.Dense;
            var op = Gemm(t.M, t.N, t.K, p);
            var b = Swept[t.Kind];
            HardwareConfig small = WithCapacity(b, 1L << t.Small), large = WithCapacity(b, 1L << (t.Small + t.Step));
            (double Objective, long Cycles, long Bytes) x;
            try { x = Simulate(op, small); } catch (InvalidOperationException) { return; }
            var y = Simulate(op, large);
            Assert.True(y.Objective <= x.Objective * (1 + tolerance),
                $"{t}: cycles {x.Cycles} -> {y.Cycles}, bytes {x.Bytes} -> {y.Bytes}; {GemmPlanner.Plan(t.M, t.N, t.K, p, small)} -> {GemmPlanner.Plan(t.M, t.N, t.K, p, large)}");
        }, iter: 60, seed: "0000000000000");
    }
}
