using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Mapping.Tiling;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Mapping.Tests.Tiling;

/// <summary>
/// <see cref="IterationTiler.Check"/> (what run and validate call before any work) refuses exactly the iterations
/// whose tiling fails, with the tiling's own message: checked against emitting the whole stream, over every buffer
/// from 32 B to 64 KiB, dense and BDWP 2:8, with and without SAT's optimizations.
/// </summary>
public class TilerCheckTests
{
    public static TheoryData<BufferKind, TrainingMethod, bool> Cases()
    {
        var data = new TheoryData<BufferKind, TrainingMethod, bool>();
        foreach (var kind in Enum.GetValues<BufferKind>())
        {
            foreach (var method in new[] { TrainingMethod.Dense, TrainingMethod.Bdwp })
            {
                data.Add(kind, method, true);
                data.Add(kind, method, false);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CheckRefusesExactlyWhatTilingRefuses(BufferKind kind, TrainingMethod method, bool optimized)
    {
        var model = ModelZoo.Create("mlp");
        var refused = 0;
        for (var bytes = 32L; bytes <= 64 << 10; bytes *= 2)
        {
            var sat = HardwareConfig.Sat with { Optimizations = optimized ? HardwareConfig.Sat.Optimizations : DataflowOptimizations.None };
            var hw = sat with { Buffers = sat.Buffers.With(kind, sat.Buffers.For(kind) with { CapacityBytes = bytes }) };
            var ops = IterationLowering.Lower(model, HardwareLowering.For(hw, 2, method, NmPattern.Parse("2:8"))).ToList();
            var tiling = Record.Exception(() => new IterationTiler(hw).TileOps(ops).Count());
            var check = Record.Exception(() => new IterationTiler(hw).Check(ops));
            Assert.Equal(tiling is null, check is null);
            if (tiling is not null)
            {
                refused++;
                Assert.IsType<InvalidOperationException>(tiling);
                Assert.IsType<InvalidOperationException>(check);
                Assert.EndsWith(tiling.Message, check!.Message);
            }
        }
        // Every sweep of the input, weight and output buffers reaches a size that is refused (32 B of index buffer
        // still hold the indices of a small sparse tile, so that sweep checks only that both agree).
        Assert.True(refused > 0 || kind == BufferKind.Index, $"no size refused for {kind}");
    }
}
