using Sim.Components.Accelerator;
using Sim.Components.Buffers;
using Sim.Components.Operations;
using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Components.Controller;

/// <summary>
/// The controller/scheduler: walks the operation stream once, in order, checks each operation against the hardware,
/// wires its dependences to the completion events of earlier operations, tracks which buffer data it consumes and
/// produces, and hands it to its unit's bounded queue. Units run in parallel, each in order, so the DMA engine
/// fetches the next tiles while the PE array computes the current one (prefetch), up to the queue depth and the
/// buffers' free space. The stream is enumerated lazily and nothing is kept for completed operations, so memory stays
/// flat over millions of operations.
/// </summary>
internal sealed class ControllerProcess
{
    private readonly AcceleratorModel _m;
    private readonly Store<OpState?> _loads, _stores, _pe, _vector, _sparseGen;
    private readonly List<Event> _deps = new(8);
    private readonly List<BufferResident> _consumed = new(4);

    public ControllerProcess(AcceleratorModel model, Store<OpState?> loads, Store<OpState?> stores, Store<OpState?> pe,
        Store<OpState?> vector, Store<OpState?> sparseGen)
    {
        _m = model;
        _loads = loads;
        _stores = stores;
        _pe = pe;
        _vector = vector;
        _sparseGen = sparseGen;
    }

    public IEnumerable<Event> Run(IEnumerable<Operation> operations)
    {
        var sim = _m.Sim;
        var lastId = long.MinValue;
        using (var e = operations.GetEnumerator())
        {
            while (true)
            {
                Operation? op;
                string? problem = null;
                try
                {
                    if (!e.MoveNext()) break;
                    op = e.Current;
                }
                catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException or ArgumentException or InvalidOperationException)
                {
                    _m.Fail($"reading the operation stream failed after operation {lastId}: {ex.Message}");
                    yield break;
                }
                if (op is null)
                {
                    _m.Fail($"the operation stream contains a null entry after operation {lastId}");
                    yield break;
                }
                if (op.Id <= lastId)
                {
                    problem = $"{OperationChecks.Describe(op)}: ids must increase along the stream (previous id {lastId})";
                }
                problem ??= OperationChecks.Check(op, _m.Config) ?? WireDependences(op, lastId);
                if (problem is not null)
                {
                    _m.Fail(problem);
                    yield break;
                }
                lastId = op.Id;
                var state = new OpState(op, sim.Event());
                state.Ready = _deps.Count switch
                {
                    0 => null,
                    1 => _deps[0],
                    _ => sim.AllOf(_deps.ToArray()),
                };
                if (_consumed.Count > 0)
                {
                    state.Consumes = _consumed.ToArray();
                    foreach (var r in state.Consumes) _m.Consume(r);
                }
                RegisterProduct(state);
                _m.Pending.Add(op.Id, state);
                var queue = op.Kind switch
                {
                    OpKind.Load => _loads,
                    OpKind.Store => _stores,
                    OpKind.Gemm => _pe,
                    OpKind.Vector => _vector,
                    _ => _sparseGen,
                };
                var put = queue.Put(state);
                if (!put.IsTriggered) yield return put;
            }
        }
        foreach (var q in new[] { _loads, _stores, _pe, _vector, _sparseGen })
        {
            var put = q.Put(null);
            if (!put.IsTriggered) yield return put;
        }
        while (_m.Pending.Count > 0)
        {
            if (_m.Error is not null) yield break;
            yield return sim.AllOf(_m.Pending.Values.Select(s => s.Done).ToArray());
        }
        _m.ReleaseAll();
        _m.Dram.Shutdown();
        _m.Finished = true;
    }

    private string? WireDependences(Operation op, long lastId)
    {
        _deps.Clear();
        _consumed.Clear();
        foreach (var d in op.DependsOn)
        {
            if (d >= op.Id || d > lastId)
            {
                return $"{OperationChecks.Describe(op)} depends on operation {d}, which does not come before it in the stream";
            }
            if (_m.Pending.TryGetValue(d, out var s)) _deps.Add(s.Done);
            if (_m.ResidentOf(d) is { } r && !_consumed.Contains(r)) _consumed.Add(r);
        }
        return null;
    }

    private void RegisterProduct(OpState state)
    {
        var op = state.Op;
        switch (op.Kind)
        {
            case OpKind.Load:
                _m.AddResident(state, op.Buffer, op.Bytes);
                break;
            case OpKind.Gemm when !op.Accumulate:
                _m.AddResident(state, BufferKind.Output, OperationChecks.GemmOutputBytes(op, _m.Config));
                break;
            case OpKind.Gemm:
                foreach (var r in _consumed)
                {
                    if (r.Kind == BufferKind.Output)
                    {
                        _m.AliasResident(op.Id, r);
                        break;
                    }
                }
                break;
        }
    }
}
