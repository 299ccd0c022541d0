using Sim.Components.Buffers;
using Sim.Components.Controller;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.Reports;
using Sim.Core;

namespace Sim.Components.Tests.Controller;

public class OpStatePoolTests
{
    private static Operation Op(long id) => new() { Id = id, Kind = OpKind.Load, Layer = "l", Stage = Stage.FP, Bytes = 64 };

    [Fact]
    public void ReturnedStateComesBackClearedForTheNextOperation()
    {
        var sim = new Simulation();
        var pool = new OpStatePool();
        var stats = new LayerStageAccumulator("l", Stage.FP);
        var first = pool.Rent(Op(1), sim.Event(), stats);
        first.Ready = sim.Event();
        first.Produces = new BufferResident(1, BufferKind.Input, 64);
        first.Consumes.Add(new BufferResident(0, BufferKind.Weight, 32));
        pool.Return(first);
        Assert.True(first.IsFree);
        Assert.Equal(1, pool.FreeCount);

        var done = sim.Event();
        var second = pool.Rent(Op(2), done, stats);
        Assert.Same(first, second);
        Assert.False(second.IsFree);
        Assert.Equal(2, second.Op.Id);
        Assert.Same(done, second.Done);
        Assert.Null(second.Ready);
        Assert.Null(second.Produces);
        Assert.Empty(second.Consumes);
        Assert.Equal(0, pool.FreeCount);
    }

    [Fact]
    public void StateInUseIsNotHandedOutAgainAndDoubleReturnThrows()
    {
        var sim = new Simulation();
        var pool = new OpStatePool();
        var stats = new LayerStageAccumulator("l", Stage.FP);
        var a = pool.Rent(Op(1), sim.Event(), stats);
        var b = pool.Rent(Op(2), sim.Event(), stats);
        Assert.NotSame(a, b);
        pool.Return(a);
        Assert.Throws<InvalidOperationException>(() => pool.Return(a));
        Assert.Equal(1, pool.FreeCount);
    }
}
