using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.Reports;
using Sim.Core;

namespace Sim.Components.Controller;

/// <summary>
/// Recycles <see cref="OpState"/> objects: a run issues millions of operations but only the queue depths' worth are in
/// flight, so completed states are reused instead of allocated. A state must be returned exactly once, after its
/// operation completed (returning it twice is a bug and throws).
/// </summary>
internal sealed class OpStatePool
{
    private readonly Stack<OpState> _free = new();

    /// <summary>A cleared state for <paramref name="op"/>.</summary>
    public OpState Rent(Operation op, Event done, LayerStageAccumulator stats)
    {
        var s = _free.Count > 0 ? _free.Pop() : new OpState();
        s.Begin(op, done, stats);
        return s;
    }

    /// <summary>Gives back the state of a completed operation; nothing may use it afterwards.</summary>
    public void Return(OpState s)
    {
        if (s.IsFree) throw new InvalidOperationException("operation state returned twice to the pool");
        s.Clear();
        _free.Push(s);
    }

    /// <summary>States waiting for reuse.</summary>
    public int FreeCount => _free.Count;
}
