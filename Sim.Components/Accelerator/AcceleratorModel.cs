using Sim.Components.Buffers;
using Sim.Components.Config;
using Sim.Components.Controller;
using Sim.Components.Dram;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.Reports;
using Sim.Core;
using Sim.Core.Monitoring;

namespace Sim.Components.Accelerator;

/// <summary>
/// The shared state of one simulated accelerator: the kernel, the buffers, the DRAM, buffer residency of tiles and
/// the statistics every unit reports into. Units (controller, DMA engines, PE array, vector and sparse-generation
/// engines) are separate processes that hold a reference to this model.
/// </summary>
internal sealed class AcceleratorModel
{
    private readonly Dictionary<(string, Stage), LayerStageAccumulator> _stats = [];
    private LayerStageAccumulator? _lastStats;
    private readonly ChunkedList<BusyInterval> _timeline = new();
    private readonly List<TimelineRecorder> _recorders = [];
    private readonly Dictionary<long, BufferResident> _residentsById = [];
    private readonly List<BufferResident>[] _live = [[], [], [], []];
    private readonly int[] _sealCursor = new int[4];
    private readonly List<BufferResident>[] _unused = [[], [], [], []];

    public AcceleratorModel(HardwareConfig config, SimulationOptions options)
    {
        Config = config;
        Options = options;
        Sim = new Simulation();
        FoldOverlap = options.FoldOverlap ?? config.Optimizations.Interleave;
        Buffers = Enum.GetValues<BufferKind>().Select(k => new OnChipBuffer(Sim, k, config.Buffers.For(k))).ToArray();
        Dram = (options.Dram ?? BuiltInDramModel.Instance).Build(new DramContext(Sim, config, options.IdealMemory, Recorder));
    }

    public Simulation Sim { get; }
    public HardwareConfig Config { get; }
    public SimulationOptions Options { get; }
    public bool FoldOverlap { get; }
    public OnChipBuffer[] Buffers { get; }
    public IMemorySystem Dram { get; }
    public Dictionary<long, OpState> Pending { get; } = [];
    public OpStatePool States { get; } = new();
    public SimulationError? Error { get; private set; }
    public bool Finished { get; set; }
    public long OperationsCompleted { get; private set; }

    // Whole-run totals.
    public long PeComputeCycles;
    public long PeStallCycles;
    public long DenseMacs;
    public long SparseMacs;
    public long DenseModeMacs;
    public long EffectiveMacs;
    public long VectorElements;
    public long SparseGenElements;
    public double MappedSlots;
    public double AllSlots;

    /// <summary>The execution units, for their busy cycles in the report.</summary>
    public List<OpUnit> Units { get; } = [];

    public TimelineRecorder? Recorder(string component)
    {
        if (!Options.RecordTimeline) return null;
        var r = new TimelineRecorder(component, component.StartsWith("DRAM", StringComparison.Ordinal) ? "dram" : "unit", _timeline, Options.MaxTimelineIntervals);
        _recorders.Add(r);
        return r;
    }

    public void Fail(string message) => Error ??= new SimulationError(message);

    /// <summary>Fails because operation <paramref name="id"/>, just pulled from the stream, cannot be issued.</summary>
    public void Refuse(long id, string message) => Error ??= new SimulationError(message) { RefusedOperation = id };

    public LayerStageAccumulator StatsFor(Operation op)
    {
        var last = _lastStats;
        if (last is not null && last.Stage == op.Stage && ReferenceEquals(last.Layer, op.Layer)) return last;
        var key = (op.Layer, op.Stage);
        if (!_stats.TryGetValue(key, out var acc))
        {
            acc = new LayerStageAccumulator(op.Layer, op.Stage);
            _stats.Add(key, acc);
        }
        _lastStats = acc;
        return acc;
    }

    // ---- buffer residency ----

    /// <summary>Registers data that <paramref name="state"/> will put into a buffer; older data of that buffer is sealed.</summary>
    public BufferResident AddResident(OpState state, BufferKind kind, long bytes)
    {
        var r = new BufferResident(state.Op.Id, kind, bytes);
        _residentsById[state.Op.Id] = r;
        // Newer data into the same buffer: older data is dead once its issued users finish (the compiler reuses the
        // space and makes its loads depend on the previous users). Data nobody has used yet stays until a newer
        // resident of the buffer is consumed (an operation may load two operands before using both).
        var k = (int)kind;
        var list = _live[k];
        var cursor = _sealCursor[k];
        while (cursor < list.Count)
        {
            var old = list[cursor++];
            old.Sealed = true;
            if (old.ConsumersIssued == 0 && !old.Released) _unused[k].Add(old);
            TryRelease(old);
        }
        if (cursor > 4096)
        {
            list.Clear();
            cursor = 0;
        }
        _sealCursor[k] = cursor;
        list.Add(r);
        state.Produces = r;
        return r;
    }

    /// <summary>An accumulating GEMM keeps writing into the resident of the operation it accumulates onto.</summary>
    public void AliasResident(long id, BufferResident r)
    {
        if (r.Released) return;
        _residentsById[id] = r;
        (r.Aliases ??= []).Add(id);
    }

    public BufferResident? ResidentOf(long id) => _residentsById.TryGetValue(id, out var r) ? r : null;

    /// <summary>A consumer was issued: count it; older data of the same buffer, used or not, is now dead once idle.</summary>
    public void Consume(BufferResident r)
    {
        r.PendingConsumers++;
        r.ConsumersIssued++;
        var k = (int)r.Kind;
        ClearUnusedOlderThan(_unused[k], r.Id);
        var list = _live[k];
        var cursor = _sealCursor[k];
        while (cursor < list.Count && list[cursor].Id < r.Id)
        {
            var old = list[cursor++];
            old.Sealed = true;
            old.UnusedCleared = true;
            TryRelease(old);
        }
        _sealCursor[k] = cursor;
    }

    // Data never used but older than a resident now consumed is dead: mark it and drop it from the list, in order.
    private void ClearUnusedOlderThan(List<BufferResident> unused, long id)
    {
        var kept = 0;
        for (var i = 0; i < unused.Count; i++)
        {
            var x = unused[i];
            if (x.Id >= id)
            {
                unused[kept++] = x;
                continue;
            }
            x.UnusedCleared = true;
            TryRelease(x);
        }
        if (kept < unused.Count) unused.RemoveRange(kept, unused.Count - kept);
    }

    public void ConsumerDone(BufferResident r)
    {
        r.PendingConsumers--;
        TryRelease(r);
    }

    public void TryRelease(BufferResident r)
    {
        if (r.Released || !r.Sealed || !r.Allocated || !r.ProducerFinished || r.PendingConsumers > 0 || (r.ConsumersIssued == 0 && !r.UnusedCleared)) return;
        r.Released = true;
        Buffers[(int)r.Kind].Release(r.Bytes);
        _residentsById.Remove(r.Id);
        if (r.Aliases is { } aliases)
        {
            foreach (var a in aliases) _residentsById.Remove(a);
        }
    }

    /// <summary>The producer of <paramref name="r"/> finished: its data is complete and may be released once dead.</summary>
    public void ProducerDone(BufferResident r)
    {
        r.ProducerFinished = true;
        TryRelease(r);
    }

    /// <summary>End of the stream: every resident is dead.</summary>
    public void ReleaseAll()
    {
        foreach (var list in _live)
        {
            foreach (var r in list)
            {
                r.Sealed = true;
                r.UnusedCleared = true;
                TryRelease(r);
            }
            list.Clear();
        }
        foreach (var unused in _unused)
        {
            foreach (var r in unused)
            {
                r.UnusedCleared = true;
                TryRelease(r);
            }
            unused.Clear();
        }
    }

    /// <summary>What occupies each buffer (for deadlock messages): the oldest few live tiles with their state.</summary>
    public string DescribeOccupancy()
    {
        var parts = new List<string>();
        foreach (var b in Buffers)
        {
            if (b.Used == 0 && b.Waiting == 0) continue;
            var held = _residentsById.Values.Distinct().Where(r => r.Kind == b.Kind && r.Allocated && !r.Released).OrderBy(r => r.Id).Take(4)
                .Select(r => $"op {r.Id} {r.Bytes} B ({(r.Sealed ? "sealed" : "live")}, {r.PendingConsumers} users running, {(r.ProducerFinished ? "written" : "being written")})");
            parts.Add($"{b.Kind} buffer {b.Used}/{b.Capacity} B: {string.Join(", ", held)}");
        }
        return string.Join("; ", parts);
    }

    // ---- completion ----

    public void Complete(OpState s, long start, long end, long stall)
    {
        var op = s.Op;
        var acc = s.Stats;
        acc.Operations++;
        if (start < acc.FirstStart) acc.FirstStart = start;
        if (end > acc.LastEnd) acc.LastEnd = end;
        acc.AddActive(start, end);
        acc.QueueWaitCycles += stall;
        foreach (var r in s.Consumes) ConsumerDone(r);
        if (s.Produces is { } produced) ProducerDone(produced);
        Pending.Remove(op.Id);
        OperationsCompleted++;
        Options.OnOperation?.Invoke(new OperationRecord(op, start, end, stall));
        s.Done.Succeed();
        // Completed: later operations hold its Done event, nobody holds the state.
        States.Return(s);
    }

    public SimulationReport BuildReport()
    {
        foreach (var r in _recorders) r.Flush();
        var total = Sim.Now;
        var rows = Config.ArrayRows;
        var cols = Config.ArrayCols;
        long bufRead = 0, bufWrite = 0;
        foreach (var b in Buffers)
        {
            bufRead += b.BytesReadByCompute + b.BytesOut;
            bufWrite += b.BytesWrittenByCompute + b.BytesIn;
        }
        var energy = Energy.EnergyModel.Estimate(Config.Energy, new Energy.EnergyModel.Actions(
            DenseModeMacs, SparseMacs, bufRead, bufWrite, Dram.BytesRead + Dram.BytesWritten, VectorElements, SparseGenElements, Config.Seconds(total)));
        // A unit appears once it completed an operation.
        var components = Units.Where(u => u.OperationsCompleted > 0).OrderBy(u => u.Name, StringComparer.Ordinal)
            .Select(u => new ComponentStats(u.Name, u.BusyCycles, total == 0 ? 0 : (double)u.BusyCycles / total))
            .Concat(Dram.ChannelBusyCycles.Select((busy, i) => new ComponentStats($"DRAM ch{i}", busy, total == 0 ? 0 : (double)busy / total)))
            .ToList();
        var (layerStages, shares) = BoundAttribution.Attribute(
            _stats.Values.OrderBy(a => a.FirstStart).ThenBy(a => a.Layer, StringComparer.Ordinal).ThenBy(a => a.Stage)
                .Select(a => a.Freeze(Config, Options)).ToList(), total);
        return new SimulationReport
        {
            TotalCycles = total,
            ClockMHz = Config.ClockMHz,
            Operations = OperationsCompleted,
            KernelEvents = Sim.ProcessedEvents,
            ArrayRows = rows,
            ArrayCols = cols,
            ComputeCycles = PeComputeCycles,
            MemoryStallCycles = PeStallCycles,
            DenseMacs = DenseMacs,
            EffectiveMacs = EffectiveMacs,
            DenseModeMacs = DenseModeMacs,
            SparseModeMacs = SparseMacs,
            VectorElements = VectorElements,
            SparseGenElements = SparseGenElements,
            MappingEfficiency = AllSlots == 0 ? 0 : MappedSlots / AllSlots,
            DramBytesRead = Dram.BytesRead,
            DramBytesWritten = Dram.BytesWritten,
            Buffers = Buffers.Select(b => new BufferStats(b.Kind, b.Capacity, b.Peak, b.BytesIn, b.BytesOut, b.BytesReadByCompute, b.BytesWrittenByCompute)).ToList(),
            LayerStages = layerStages,
            BoundShares = shares,
            Components = components,
            Timeline = TimelineOrder.Sort(_timeline),
            Energy = energy,
        };
    }
}
