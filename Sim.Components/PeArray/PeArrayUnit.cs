using Sim.Components.Accelerator;
using Sim.Components.Buffers;
using Sim.Components.Controller;
using Sim.Components.Operations;
using Sim.Vocabulary;
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
internal sealed class PeArrayUnit(AcceleratorModel model, Store<OpState?> queue) : OpUnit(model, queue, "PE array")
{
    private long _lastEnd = -1;
    private Dataflow _lastDataflow;
    private long _cycles;
    private TileCost _cost;

    /// <summary>Cycles of one tile given whether it directly follows another tile of the same dataflow.</summary>
    internal static TileCost TileCycles(Operation op, Config.HardwareConfig config, bool foldOverlap, bool backToBack, bool bandwidthLimits)
    {
        var t = SystolicTiming.For(config.ArrayRows, config.ArrayCols, op.Dataflow, op.M, op.N, op.K, op.Sparsity);
        long cycles;
        if (!foldOverlap) cycles = t.SerialCycles;
        else if (backToBack) cycles = t.Folds * Math.Max(t.Mapping.T, t.Rows);
        else cycles = t.OverlappedCycles;
        var baseCycles = cycles;
        double inCycles = 0, wCycles = 0, idxCycles = 0;
        if (bandwidthLimits)
        {
            var (inRatio, wRatio, idxRatio) = BufferBandwidth.For(config, op.Sparsity);
            var stream = t.StreamCycles;
            inCycles = stream * inRatio;
            wCycles = stream * wRatio;
            idxCycles = stream * idxRatio;
            var slow = new BufferBandwidth(inRatio, wRatio, idxRatio).Slowdown;
            if (slow > 1.0)
            {
                cycles += (long)Math.Ceiling(stream * (slow - 1.0));
            }
        }
        return new TileCost(cycles, t, baseCycles, inCycles, wCycles, idxCycles);
    }

    protected override OnChipBuffer? AllocatesIn(OpState s) => Model.Buffers[(int)BufferKind.Output];

    protected override Event? Start(OpState s)
    {
        var op = s.Op;
        var backToBack = Model.Sim.Now == _lastEnd && op.Dataflow == _lastDataflow;
        _cost = TileCycles(op, Model.Config, Model.FoldOverlap, backToBack, Model.Options.BufferBandwidthLimits);
        _cycles = _cost.Cycles;
        return Model.Sim.Delay(_cycles);
    }

    protected override void Finish(OpState s, long start, long end, long stall)
    {
        // Sums of user-sized counts: an overflow is an error, never a wrapped total.
        checked
        {
            var op = s.Op;
            var config = Model.Config;
            var t = _cost.Timing;
            var cycles = _cycles;
            _lastEnd = end;
            _lastDataflow = op.Dataflow;

            var acc = s.Stats;
            var dense = op.DenseMacs;
            var effective = op.EffectiveMacs;
            var slots = (double)t.Folds * t.Rows * t.Cols;
            var mapped = (double)t.Mapping.Sr * t.Mapping.Sc;
            acc.ComputeCycles += cycles;
            acc.ComputeAloneCycles += _cost.BaseCycles;
            acc.InputBandwidthCycles += _cost.InputCycles;
            acc.WeightBandwidthCycles += _cost.WeightCycles;
            acc.IndexBandwidthCycles += _cost.IndexCycles;
            acc.DenseMacs += dense;
            acc.EffectiveMacs += effective;
            acc.MappedSlots += mapped;
            acc.AllSlots += slots;
            Model.PeComputeCycles += cycles;
            Model.PeStallCycles += stall;
            Model.DenseMacs += dense;
            Model.EffectiveMacs += effective;
            if (op.Sparsity.IsDense) Model.DenseModeMacs += dense; else Model.SparseMacs += effective;
            Model.MappedSlots += mapped;
            Model.AllSlots += slots;
            var (ifmapReads, filterReads, _) = t.ScaleSimSramAccesses;
            Model.Buffers[(int)BufferKind.Input].BytesReadByCompute += ifmapReads * config.OperandBytes;
            Model.Buffers[(int)BufferKind.Weight].BytesReadByCompute += filterReads * config.OperandBytes;
            if (!op.Sparsity.IsDense) Model.Buffers[(int)BufferKind.Index].BytesReadByCompute += filterReads * op.Sparsity.IndexBits / 8;
            Model.Buffers[(int)BufferKind.Output].BytesWrittenByCompute += (long)op.M * op.N * config.OperandBytes;
            Timeline?.Record(start, end, StageNames.Of(op.Stage), op.Layer);
        }
    }
}
