using Sim.Components.Accelerator;
using Sim.Components.Controller;
using Sim.Components.Operations;
using Sim.Components.Reports;
using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Components.SparseGen;

/// <summary>
/// The sparse online reduction engine: <see cref="Config.SparseGenConfig.Lanes"/> lanes, each a top-k sorter that
/// takes M cycles per group of M dense weights (SAT.md [note]); an operation of G groups costs the sorter pipeline
/// latency plus ceil(G / lanes) x M cycles. It runs beside the PE array, so with pre-generation its work hides behind
/// other stages.
/// </summary>
internal sealed class SparseGenEngine
{
    private readonly AcceleratorModel _m;
    private readonly Store<OpState?> _queue;
    private readonly TimelineRecorder? _timeline;

    public SparseGenEngine(AcceleratorModel model, Store<OpState?> queue)
    {
        _m = model;
        _queue = queue;
        _timeline = model.Recorder("Sparse-gen engine");
        model.Sim.Process(Run(), "Sparse-gen engine");
    }

    internal static long Cycles(Config.SparseGenConfig config, long groups, NmPattern pattern)
        => groups <= 0 ? 0 : config.PipelineLatency + (groups + config.Lanes - 1) / config.Lanes * pattern.M;

    private IEnumerable<Event> Run()
    {
        var sim = _m.Sim;
        while (true)
        {
            var get = _queue.Get();
            yield return get;
            var s = get.Item;
            if (s is null) yield break;
            var popped = sim.Now;
            if (s.Ready is { IsProcessed: false } ready) yield return ready;
            var op = s.Op;
            var start = sim.Now;
            var cycles = Cycles(_m.Config.SparseGen, op.Groups, op.Sparsity);
            if (cycles > 0) yield return sim.Delay(cycles);
            var acc = _m.StatsFor(op);
            acc.SparseGenCycles += cycles;
            acc.SparseGenGroups += op.Groups;
            _m.SparseGenElements += op.Groups * op.Sparsity.M;
            _m.Buffers[(int)BufferKind.Weight].BytesReadByCompute += op.Groups * op.Sparsity.M * _m.Config.OperandBytes;
            _m.Buffers[(int)BufferKind.Weight].BytesWrittenByCompute += op.Groups * op.Sparsity.N * _m.Config.OperandBytes;
            _timeline?.Record(start, sim.Now, StageNames.Of(op.Stage), op.Layer);
            _m.Complete(s, start, sim.Now, start - popped, "Sparse-gen engine");
        }
    }
}
