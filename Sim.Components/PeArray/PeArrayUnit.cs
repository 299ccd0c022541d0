using Sim.Components.Accelerator;
using Sim.Components.Controller;
using Sim.Components.Operations;
using Sim.Components.Reports;
using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Components.PeArray;

/// <summary>
/// The N:M sparse tensor computing engine: a rows x cols systolic array executing GEMM tiles in order with the
/// dataflow each tile asks for (the flexible interconnect), dense or N:M sparse (<see cref="SystolicTiming"/>).
/// A tile waits for its operands (memory stall) and for output-buffer space, then computes. Operand streaming is
/// slowed when it needs more bytes per cycle than the input or weight buffer's banks can read (in sparse mode the
/// activation path carries M values per N kept weights). With fold overlap, a tile that follows another without a gap
/// streams without paying fill and drain again.
/// </summary>
internal sealed class PeArrayUnit
{
    private readonly AcceleratorModel _m;
    private readonly Store<OpState?> _queue;
    private readonly TimelineRecorder? _timeline;
    private long _lastEnd = -1;
    private Dataflow _lastDataflow;

    public PeArrayUnit(AcceleratorModel model, Store<OpState?> queue)
    {
        _m = model;
        _queue = queue;
        _timeline = model.Recorder("PE array");
        model.Sim.Process(Run(), "PE array");
    }

    /// <summary>Cycles of one tile given whether it directly follows another tile of the same dataflow.</summary>
    internal static (long Cycles, SystolicTiming Timing) TileCycles(Operation op, Config.HardwareConfig config, bool foldOverlap, bool backToBack, bool bandwidthLimits)
    {
        var t = SystolicTiming.For(config.ArrayRows, config.ArrayCols, op.Dataflow, op.M, op.N, op.K, op.Sparsity);
        long cycles;
        if (!foldOverlap) cycles = t.SerialCycles;
        else if (backToBack) cycles = t.Folds * Math.Max(t.Mapping.T, t.Rows);
        else cycles = t.OverlappedCycles;
        if (bandwidthLimits)
        {
            // Bytes per streaming cycle: one activation per array row (x M/N in sparse mode) and one weight per
            // column (plus its index bits); compare with what each buffer's banks deliver.
            var groupFactor = op.Sparsity.IsDense ? 1.0 : (double)op.Sparsity.M / op.Sparsity.N;
            var inDemand = config.ArrayRows * config.OperandBytes * groupFactor;
            var wDemand = config.ArrayCols * config.OperandBytes;
            var slow = Math.Max(1.0, Math.Max(inDemand / config.Buffers.Input.ReadBytesPerCycle, wDemand / (double)config.Buffers.Weight.ReadBytesPerCycle));
            if (!op.Sparsity.IsDense)
            {
                var idxDemand = config.ArrayCols * op.Sparsity.IndexBits / 8.0;
                slow = Math.Max(slow, idxDemand / config.Buffers.Index.ReadBytesPerCycle);
            }
            if (slow > 1.0)
            {
                var stream = t.StreamCycles;
                cycles += (long)Math.Ceiling(stream * (slow - 1.0));
            }
        }
        return (cycles, t);
    }

    private IEnumerable<Event> Run()
    {
        var sim = _m.Sim;
        var config = _m.Config;
        while (true)
        {
            var get = _queue.Get();
            yield return get;
            var s = get.Item;
            if (s is null) yield break;
            var popped = sim.Now;
            if (s.Ready is { IsProcessed: false } ready) yield return ready;
            var op = s.Op;
            var output = _m.Buffers[(int)BufferKind.Output];
            if (s.Produces is { } resident)
            {
                var granted = output.Reserve(resident.Bytes);
                if (granted is not null) yield return granted;
                resident.Allocated = true;
            }
            var start = sim.Now;
            var stall = start - popped;
            var backToBack = start == _lastEnd && op.Dataflow == _lastDataflow;
            var (cycles, t) = TileCycles(op, config, _m.FoldOverlap, backToBack, _m.Options.BufferBandwidthLimits);
            yield return sim.Delay(cycles);
            var end = sim.Now;
            _lastEnd = end;
            _lastDataflow = op.Dataflow;

            var acc = _m.StatsFor(op);
            var dense = op.DenseMacs;
            var effective = op.EffectiveMacs;
            var slots = (double)t.Folds * t.Rows * t.Cols;
            var mapped = (double)t.Mapping.Sr * t.Mapping.Sc;
            acc.ComputeCycles += cycles;
            acc.DenseMacs += dense;
            acc.EffectiveMacs += effective;
            acc.MappedSlots += mapped;
            acc.AllSlots += slots;
            _m.PeComputeCycles += cycles;
            _m.PeStallCycles += stall;
            _m.DenseMacs += dense;
            _m.EffectiveMacs += effective;
            if (op.Sparsity.IsDense) _m.DenseModeMacs += dense; else _m.SparseMacs += effective;
            _m.MappedSlots += mapped;
            _m.AllSlots += slots;
            var (ifmapReads, filterReads, _) = t.ScaleSimSramAccesses;
            _m.Buffers[(int)BufferKind.Input].BytesReadByCompute += ifmapReads * config.OperandBytes;
            _m.Buffers[(int)BufferKind.Weight].BytesReadByCompute += filterReads * config.OperandBytes;
            if (!op.Sparsity.IsDense) _m.Buffers[(int)BufferKind.Index].BytesReadByCompute += filterReads * op.Sparsity.IndexBits / 8;
            output.BytesWrittenByCompute += (long)op.M * op.N * config.OperandBytes;
            _timeline?.Record(start, end, StageNames.Of(op.Stage), op.Layer);
            _m.Complete(s, start, end, stall, "PE array");
        }
    }
}
