using Sim.Components.Accelerator;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Reports;

/// <summary>Mutable running totals of one (layer, stage) while the simulation runs; frozen into <see cref="LayerStageStats"/>.</summary>
internal sealed class LayerStageAccumulator(string layer, Stage stage)
{
    public string Layer { get; } = layer;
    public Stage Stage { get; } = stage;
    public long Operations;
    public long FirstStart = long.MaxValue;
    public long LastEnd;
    public long ComputeCycles;
    public long QueueWaitCycles;
    public long VectorCycles;
    public long SparseGenCycles;
    public long DenseMacs;
    public long EffectiveMacs;
    public long DramBytesRead;
    public long DramBytesWritten;
    public long VectorElements;
    public long SparseGenGroups;
    public double MappedSlots;
    public double AllSlots;

    // Alone cycles of the PE array and of the three operand buffers (bandwidth terms are fractional per tile).
    public long ComputeAloneCycles;
    public double InputBandwidthCycles;
    public double WeightBandwidthCycles;
    public double IndexBandwidthCycles;

    // Cycles in which one of its operations ran: completed intervals merged as they arrive (nearly in time order).
    private long _activeClosed;
    private long _activeStart = -1;
    private long _activeEnd = -1;

    /// <summary>Counts an operation's [start, end) into the active cycles.</summary>
    public void AddActive(long start, long end)
    {
        if (end <= start) return;
        if (_activeStart < 0)
        {
            (_activeStart, _activeEnd) = (start, end);
        }
        else if (start <= _activeEnd && end >= _activeStart)
        {
            _activeStart = Math.Min(_activeStart, start);
            _activeEnd = Math.Max(_activeEnd, end);
        }
        else if (start > _activeEnd)
        {
            _activeClosed += _activeEnd - _activeStart;
            (_activeStart, _activeEnd) = (start, end);
        }
        else
        {
            _activeClosed += end - start; // completed out of order, before the current interval
        }
    }

    private long ActiveCycles => Math.Min(LastEnd - (FirstStart == long.MaxValue ? 0 : FirstStart),
        _activeClosed + (_activeStart < 0 ? 0 : _activeEnd - _activeStart));

    public LayerStageStats Freeze(HardwareConfig config, SimulationOptions options) => new()
    {
        ActiveCycles = ActiveCycles,
        Layer = Layer,
        Stage = Stage,
        Operations = Operations,
        FirstStart = FirstStart == long.MaxValue ? 0 : FirstStart,
        LastEnd = LastEnd,
        ComputeCycles = ComputeCycles,
        QueueWaitCycles = QueueWaitCycles,
        VectorCycles = VectorCycles,
        SparseGenCycles = SparseGenCycles,
        DenseMacs = DenseMacs,
        EffectiveMacs = EffectiveMacs,
        DramBytesRead = DramBytesRead,
        DramBytesWritten = DramBytesWritten,
        VectorElements = VectorElements,
        SparseGenGroups = SparseGenGroups,
        MappingEfficiency = AllSlots == 0 ? 0 : MappedSlots / AllSlots,
        ComputeUtilization = ComputeCycles == 0 ? 0 : EffectiveMacs / ((double)config.ArrayRows * config.ArrayCols * ComputeCycles),
        Alone = new ResourceCycles(
            Compute: ComputeAloneCycles,
            InputBandwidth: Whole(InputBandwidthCycles),
            WeightBandwidth: Whole(WeightBandwidthCycles),
            IndexBandwidth: Whole(IndexBandwidthCycles),
            Dram: options.IdealMemory ? 0 : Whole((DramBytesRead + DramBytesWritten) / config.Dram.BytesPerCycle(config.ClockMHz)),
            Vector: VectorCycles,
            SparseGen: SparseGenCycles),
    };

    // Fractional cycles rounded up, ignoring floating-point dust just above a whole number.
    private static long Whole(double cycles) => cycles <= 0 ? 0 : (long)Math.Ceiling(cycles - 1e-9);
}
