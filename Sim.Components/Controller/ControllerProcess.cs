using Sim.Components.Accelerator;
using Sim.Components.Buffers;
using Sim.Components.Operations;
using Sim.Vocabulary;
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
    private BufferResident? _gemmTarget;

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
                    _m.Fail($"reading the operation stream failed {After(lastId)}: {ex.Message}");
                    yield break;
                }
                if (op is null)
                {
                    _m.Fail($"the operation stream contains a null entry {After(lastId)}");
                    yield break;
                }
                if (op.Id <= lastId)
                {
                    problem = $"{OperationChecks.Describe(op)}: ids must increase along the stream ({(lastId == long.MinValue ? "it is the first operation and its id is the smallest there is" : $"previous id {lastId}")})";
                }
                problem ??= OperationChecks.Check(op, _m.Config) ?? WireDependences(op, lastId);
                if (problem is not null)
                {
                    _m.Refuse(op.Id, problem);
                    yield break;
                }
                lastId = op.Id;
                var state = _m.States.Rent(op, sim.Event(), _m.StatsFor(op));
                state.Ready = _deps.Count switch
                {
                    0 => null,
                    1 => _deps[0],
                    _ => sim.AllOf(_deps),
                };
                foreach (var r in _consumed)
                {
                    state.Consumes.Add(r);
                    _m.Consume(r);
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
                var put = queue.Post(state);
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

    /// <summary>Where in the stream a failure happened, for messages: before any operation ran there is no id to name.</summary>
    private static string After(long lastId) => lastId == long.MinValue ? "before the first operation" : $"after operation {lastId}";

    private string? WireDependences(Operation op, long lastId)
    {
        _deps.Clear();
        _consumed.Clear();
        _gemmTarget = null;
        var dependsOn = op.DependsOn;
        for (var i = 0; i < dependsOn.Count; i++)
        {
            var d = dependsOn[i];
            if (d >= op.Id || d > lastId)
            {
                return $"{OperationChecks.Describe(op)} depends on operation {d}, which does not come before it in the stream";
            }
            if (_m.Pending.TryGetValue(d, out var s)) _deps.Add(s.Done);
            if (_m.ResidentOf(d) is not { } r) continue;
            if (!_consumed.Contains(r) && Reads(op, r)) _consumed.Add(r);
            // A GEMM writes into partial sums loaded into the output buffer, or (accumulating) into the output of
            // the GEMM it continues; other output-buffer dependences only order it.
            if (op.Kind == OpKind.Gemm && r.Kind == BufferKind.Output && !r.Released && (r.FromLoad || op.Accumulate)
                && (_gemmTarget is null || (r.FromLoad && !_gemmTarget.FromLoad)))
            {
                _gemmTarget = r;
            }
        }
        if (_gemmTarget is not null && !_consumed.Contains(_gemmTarget)) _consumed.Add(_gemmTarget);
        return null;
    }

    /// <summary>
    /// Whether <paramref name="op"/> reads the data of <paramref name="r"/> (a use that keeps it alive) rather than
    /// merely waiting for it (ordering, e.g. a load that reuses the space): loads read no buffer; stores read their
    /// buffer; GEMMs read input, weight and index data and the partial sums they accumulate onto.
    /// </summary>
    private static bool Reads(Operation op, BufferResident r) => op.Kind switch
    {
        OpKind.Load => false,
        OpKind.Store => r.Kind == op.Buffer,
        OpKind.Gemm => r.Kind != BufferKind.Output,
        _ => true,
    };

    private void RegisterProduct(OpState state)
    {
        var op = state.Op;
        switch (op.Kind)
        {
            case OpKind.Load:
                _m.AddResident(state, op.Buffer, op.Bytes).FromLoad = true;
                break;
            case OpKind.Gemm:
                if (_gemmTarget is not null) _m.AliasResident(op.Id, _gemmTarget);
                else _m.AddResident(state, BufferKind.Output, OperationChecks.GemmOutputBytes(op, _m.Config));
                break;
        }
    }
}
