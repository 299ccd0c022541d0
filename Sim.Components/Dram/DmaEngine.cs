using Sim.Components.Accelerator;
using Sim.Components.Controller;
using Sim.Components.Operations;
using Sim.Components.Reports;
using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Components.Dram;

/// <summary>
/// A DMA engine between DRAM and the buffers, one for reads (loads) and one for writes (stores), so a store waiting
/// for its GEMM never blocks the next tile's prefetch. Loads reserve their buffer space first (waiting while the
/// buffer is full), then move the bytes; stores read their buffer and write DRAM. Each works through its queue in order.
/// </summary>
internal sealed class DmaEngine
{
    private readonly AcceleratorModel _m;
    private readonly Store<OpState?> _queue;
    private readonly bool _write;
    private readonly string _name;
    private readonly TimelineRecorder? _timeline;

    public DmaEngine(AcceleratorModel model, Store<OpState?> queue, bool write)
    {
        _m = model;
        _queue = queue;
        _write = write;
        _name = write ? "DMA write" : "DMA read";
        _timeline = model.Recorder(_name);
        model.Sim.Process(Run(), _name);
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
            var buffer = _m.Buffers[(int)op.Buffer];
            if (!_write && s.Produces is { } resident)
            {
                var granted = buffer.Reserve(resident.Bytes);
                if (granted is not null) yield return granted;
                resident.Allocated = true;
            }
            var start = sim.Now;
            var stall = start - popped;
            var done = _m.Dram.Transfer(op.Bytes, _write, (int)op.Buffer + (_write ? 8 : 0));
            if (!done.IsProcessed) yield return done;
            var end = sim.Now;
            if (_write) buffer.BytesReadByCompute += op.Bytes;
            var acc = _m.StatsFor(op);
            if (_write) acc.DramBytesWritten += op.Bytes; else acc.DramBytesRead += op.Bytes;
            _timeline?.Record(start, end, _write ? "store" : "load", null);
            _m.Complete(s, start, end, stall, _name);
        }
    }
}
