using Sim.Components.Accelerator;
using Sim.Components.Controller;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.Reports;
using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Components.SparseGen;

/// <summary>
/// The sparse online reduction engine: <see cref="Config.SparseGenConfig.Lanes"/> lanes, each a top-k sorter that
/// takes M cycles per group of M dense weights (docs/sat.md [note]); an operation of G groups costs the sorter pipeline
/// latency plus ceil(G / lanes) x M cycles. It runs beside the PE array, so with pre-generation its work hides behind
/// other stages.
/// </summary>
internal sealed class SparseGenEngine(AcceleratorModel model, Store<OpState?> queue) : OpUnit(model, queue, "Sparse-gen engine")
{
    private long _cycles;

    internal static long Cycles(Config.SparseGenConfig config, long groups, NmPattern pattern)
        => groups <= 0 ? 0 : config.PipelineLatency + (groups + config.Lanes - 1) / config.Lanes * pattern.M;

    protected override Event? Start(OpState s)
    {
        _cycles = Cycles(Model.Config.SparseGen, s.Op.Groups, s.Op.Sparsity);
        return _cycles > 0 ? Model.Sim.Delay(_cycles) : null;
    }

    protected override void Finish(OpState s, long start, long end, long stall)
    {
        // Sums of user-sized counts: an overflow is an error, never a wrapped total.
        checked
        {
            var op = s.Op;
            var acc = s.Stats;
            acc.SparseGenCycles += _cycles;
            acc.SparseGenGroups += op.Groups;
            Model.SparseGenElements += op.Groups * op.Sparsity.M;
            Model.Buffers[(int)BufferKind.Weight].BytesReadByCompute += op.Groups * op.Sparsity.M * Model.Config.OperandBytes;
            Model.Buffers[(int)BufferKind.Weight].BytesWrittenByCompute += op.Groups * op.Sparsity.N * Model.Config.OperandBytes;
            Timeline?.Record(start, end, StageNames.Of(op.Stage), op.Layer);
        }
    }
}
