using Sim.Vocabulary;
using Sim.Workloads.Lowering;

namespace Sim.Training.Engine;

/// <summary>
/// Collects the operations of the current iteration (handed to an optional consumer at its end) and keeps
/// run totals of dense, sparse-operand and effective MACs per stage.
/// </summary>
public sealed class IterationRecorder : IOpRecorder
{
    private readonly List<LayerOp> _ops = [];
    private readonly Dictionary<Stage, (long Dense, long Sparse, long Effective)> _macs = [];

    /// <summary>Receives (iteration, operations) after each iteration; the list is reused afterwards.</summary>
    public Action<long, IReadOnlyList<LayerOp>>? Consumer { get; set; }

    public IReadOnlyList<LayerOp> Current => _ops;

    public int LastIterationOps { get; private set; }

    public IReadOnlyDictionary<Stage, (long Dense, long Sparse, long Effective)> StageMacs => _macs;

    public void Record(LayerOp op)
    {
        _ops.Add(op);
        if (op.Kind == LayerOpKind.Gemm)
        {
            _macs.TryGetValue(op.Stage, out var m);
            _macs[op.Stage] = (m.Dense + op.DenseMacs, m.Sparse + (op.IsSparse ? op.DenseMacs : 0), m.Effective + op.EffectiveMacs);
        }
    }

    public void EndIteration(long iteration)
    {
        Consumer?.Invoke(iteration, _ops);
        LastIterationOps = _ops.Count;
        _ops.Clear();
    }
}
