using Sim.Components.Accelerator;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Mapping.Tiling;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;

namespace Sim.Mapping.Tests.Tiling;

/// <summary>
/// The planner's estimate of a GEMM (<see cref="TileWalk"/>) against the event-driven simulator running the operations
/// the tiler emits for the same plan: the reference is the simulator, an independent implementation of the timing
/// (processes, queues, events) that shares only the per-tile closed forms with the walk.
/// </summary>
public class TileWalkTests
{
    /// <summary>Random GEMMs and configurations, drawn from a fixed seed so every run checks the same cases.</summary>
    internal static IEnumerable<(int M, int N, int K, bool Sparse, int Channels, bool Interleave, int InputLog, int WeightLog, int OutputLog)> Cases(int count, int seed)
    {
        var r = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return (r.Next(1, 1025), r.Next(1, 513), r.Next(1, 2305), r.Next(2) == 1, r.Next(1, 5), r.Next(2) == 1, r.Next(14, 23), r.Next(14, 23), r.Next(15, 23));
        }
    }

    internal static HardwareConfig Config(int channels, bool interleave, int inputLog, int weightLog, int outputLog)
    {
        var hw = HardwareConfig.Sat;
        return hw with
        {
            Dram = hw.Dram with { Channels = channels },
            Optimizations = hw.Optimizations with { Interleave = interleave },
            Buffers = hw.Buffers with
            {
                Input = hw.Buffers.Input with { CapacityBytes = 1L << inputLog },
                Weight = hw.Buffers.Weight with { CapacityBytes = 1L << weightLog },
                Output = hw.Buffers.Output with { CapacityBytes = 1L << outputLog },
            },
        };
    }

    internal static LayerOp Gemm(int m, int n, int k, bool sparse) => sparse
        ? LayerOp.Gemm("x", Stage.FP, "gemm", m, n, k, sparsity: new NmPattern(2, 8), sparseOperand: GemmOperand.B, along: WeightDimension.InputChannels)
        : LayerOp.Gemm("x", Stage.FP, "gemm", m, n, k);

    /// <summary>Simulated cycles and DRAM bytes of one GEMM as the tiler emits it under <paramref name="hw"/>.</summary>
    internal static (long Cycles, long Bytes, GemmPlan Plan) Simulate(LayerOp op, HardwareConfig hw)
    {
        var tiler = new IterationTiler(hw);
        var report = AcceleratorSimulator.Run(hw, tiler.TileOps([op]), new SimulationOptions { RecordTimeline = false });
        var plan = tiler.PlanFor(op.M, op.N, op.K, op.IsSparse ? op.Sparsity : NmPattern.Dense);
        return (report.TotalCycles, report.DramBytesRead + report.DramBytesWritten, plan);
    }

    [Fact]
    public void TheEstimateOfTheChosenPlanIsTheSimulatedGemm()
    {
        // One channel: the walk follows the simulator's rules; what it leaves out (buffer-space reservations, the queue
        // depth, the order in which the two DMA engines reach the channel) costs up to about 1.3 % here.
        // Several channels: requests reach each channel in emission order, not in the order the DMA engines issue them
        // (one case at +13.3 %: 638 x 431 x 1531 BDWP on four channels without interleaving, 181,560 estimated against
        // 160,187 simulated; the planner's chain keeps that plan because the simulator, running it, confirms it is no
        // slower than the plans below it: docs/cost.md).
        foreach (var t in Cases(48, 13))
        {
            var hw = Config(t.Channels, t.Interleave, t.InputLog, t.WeightLog, t.OutputLog);
            var op = Gemm(t.M, t.N, t.K, t.Sparse);
            GemmPlan plan;
            try { plan = GemmPlanner.Plan(op.M, op.N, op.K, op.IsSparse ? op.Sparsity : NmPattern.Dense, hw); } catch (InvalidOperationException) { continue; }
            var (cycles, bytes, used) = Simulate(op, hw);
            Assert.Equal(plan, used);
            // Dense: the closed form counts exactly what the tiler moves; sparse: each tile's index bytes round up.
            Assert.True(Math.Abs(bytes - plan.EstimatedDramBytes) <= (t.Sparse ? 1 + bytes / 10_000 : 0), $"{t}: {plan} simulated {bytes} B");
            var error = Math.Abs(plan.EstimatedCycles - cycles) / (double)cycles;
            Assert.True(t.Channels == 1 ? error < 0.02 : error < 0.15, $"{t}: {plan} simulated {cycles}");
        }
    }

    [Fact]
    public void UnequalInterleavedTilesHideTheirLoadsOnlyUnderTheirNeighbour()
    {
        // ResNet-18 CIFAR layer1 weight gradient, 64 x 576 x 32768, with 64 x 512 x 32 tiles, OS, M-N-K, interleave 2:
        // per K step a 64 x 512 tile (32 folds of 32 cycles: 1,024 back to back, 1,086 with fill and drain) and a
        // 64 x 64 remainder tile (4 folds: 128). The big tile's next weight block (32 KiB at 96 B/cycle = 342 cycles,
        // plus 20 cycles of latency) starts loading when the big tile ends and has only the small tile to hide under:
        // each K step takes 128 + (362 - 128) + 1,086 = 1,448 cycles, not the 1,152 an average over both tiles
        // promises (the old closed form's 1.18 M cycles against 1.48 M simulated).
        var hw = Config(1, true, 22, 22, 20);
        var plan = GemmPlanner.Estimate(64, 576, 32768, NmPattern.Dense, hw, 64, 512, 32, Dataflow.OutputStationary, LoopOrder.MNK, 2);
        Assert.InRange(plan.EstimatedCycles, 1024L * 1448, 1024L * 1448 + 2000);
    }
}
