using Sim.Components.Accelerator;
using Sim.Components.Controller;
using Sim.Components.Operations;
using Sim.Components.Reports;
using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Components.VectorUnit;

/// <summary>
/// The vector engine: element-wise layers and the FP32 weight update, <see cref="Config.VectorConfig.Lanes"/>
/// elements in parallel. An operation costs its kind's pipeline latency plus
/// ceil(elements x cycles-per-element / lanes). Runs its queue in order, concurrently with the PE array.
/// </summary>
internal sealed class VectorEngine
{
    private readonly AcceleratorModel _m;
    private readonly Store<OpState?> _queue;
    private readonly TimelineRecorder? _timeline;

    public VectorEngine(AcceleratorModel model, Store<OpState?> queue)
    {
        _m = model;
        _queue = queue;
        _timeline = model.Recorder("Vector engine");
        model.Sim.Process(Run(), "Vector engine");
    }

    internal static long Cycles(Config.VectorConfig config, string kind, long elements)
    {
        if (elements <= 0) return 0;
        var cost = config.CostOf(kind);
        return cost.Latency + (long)Math.Ceiling(elements * cost.CyclesPerElement / config.Lanes - 1e-9);
    }

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
            var cycles = Cycles(_m.Config.Vector, op.VectorOp, op.Elements);
            if (cycles > 0) yield return sim.Delay(cycles);
            var acc = _m.StatsFor(op);
            acc.VectorCycles += cycles;
            acc.VectorElements += op.Elements;
            _m.VectorElements += op.Elements;
            var bytes = op.Bytes > 0 ? op.Bytes : op.Elements * (op.Stage == Stage.WU ? _m.Config.MasterBytes : _m.Config.OperandBytes);
            _m.Buffers[(int)BufferKind.Output].BytesReadByCompute += bytes;
            _m.Buffers[(int)BufferKind.Output].BytesWrittenByCompute += bytes;
            _timeline?.Record(start, sim.Now, StageNames.Of(op.Stage), op.Layer);
            _m.Complete(s, start, sim.Now, start - popped, "Vector engine");
        }
    }
}
