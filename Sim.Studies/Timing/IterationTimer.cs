using Sim.Components.Accelerator;
using Sim.Components.Config;
using Sim.Components.Dram;
using Sim.Components.Operations;
using Sim.Components.Reports;
using Sim.Mapping;
using Sim.Mapping.Tiling;
using Sim.Studies.Reports;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Studies.Timing;

/// <summary>
/// The one iteration-timing pipeline: the workload compiler's lowering tiled into SAT operations for a
/// <see cref="HardwareConfig"/> (<see cref="IterationTiler"/> with the registered <see cref="IGemmPlanner"/>),
/// run on the discrete-event accelerator (<see cref="AcceleratorSimulator"/> with the registered
/// <see cref="IDramModel"/>), and reduced to an <see cref="IterationTiming"/>. Run, replay, sweep, compare and
/// reproduce all time iterations here, so they agree with each other. Resolve it from the studies' services
/// (<see cref="Composition.StudyServiceCollectionExtensions.AddSatSimStudies"/>) to time with replaced models;
/// <see cref="Default"/> uses SAT's own.
/// </summary>
public sealed class IterationTimer(IDramModel dram, IGemmPlanner planner)
{
    /// <summary>SAT's memory and offline scheduler.</summary>
    public static IterationTimer Default { get; } = new(BuiltInDramModel.Instance, OfflineGemmPlanner.Instance);

    public IDramModel Dram { get; } = dram ?? throw new ArgumentNullException(nameof(dram));

    public IGemmPlanner Planner { get; } = planner ?? throw new ArgumentNullException(nameof(planner));

    /// <summary>A tiler for <paramref name="hardware"/> planning with <see cref="Planner"/>.</summary>
    public IterationTiler Tiler(HardwareConfig hardware) => new(hardware, Planner);

    /// <summary>Simulation options with <see cref="Dram"/> as the memory.</summary>
    public SimulationOptions Options(bool timeline) => new() { RecordTimeline = timeline, Dram = Dram };

    /// <summary>
    /// Timing only: lowers and simulates one iteration of a zoo model (<paramref name="timeline"/> records
    /// busy intervals, which sweeps skip for speed). The lowering takes its element widths from the hardware.
    /// </summary>
    public SimulationReport Report(HardwareConfig hardware, TimingRequest request, bool timeline = false) =>
        Report(hardware, Models.ModelResolver.Graph(request.Model), new LoweringOptions { Batch = request.Batch, Method = request.Method, Pattern = request.Pattern }, timeline);

    /// <summary>Lowers, tiles and simulates one iteration of <paramref name="model"/> (element widths from the hardware).</summary>
    public SimulationReport Report(HardwareConfig hardware, ModelGraph model, LoweringOptions options, bool timeline)
    {
        options = HardwareLowering.For(hardware, options);
        return AcceleratorSimulator.Run(hardware, Tiler(hardware).Tile(model, options), Options(timeline));
    }

    /// <summary>Tiles and simulates one training iteration of <paramref name="model"/>.</summary>
    public IterationTiming SimulateIteration(HardwareConfig hw, ModelGraph model, LoweringOptions options)
        => FromReport(Report(hw, model, options, timeline: true), hw.Energy, options.EffectivePattern.M);

    /// <summary>
    /// Tiles and simulates the layer operations an iteration actually executed, in the order executed (what the
    /// functional engine recorded). N:M generation stays after the weight update with pre-generation (nothing
    /// waits for it) and moves before its first GEMM without it, as for the compiler's own lowering.
    /// </summary>
    public IterationTiming SimulateRecorded(HardwareConfig hw, IReadOnlyList<LayerOp> ops, NmPattern pattern) =>
        Simulate(hw, Tiler(hw).TileOps(ops), pattern.M);

    /// <summary>
    /// Simulates an operation stream (e.g. a replayed trace); <c>groupSize</c> is M of the N:M pattern, used to
    /// attribute weight-generation energy per layer.
    /// </summary>
    public IterationTiming Simulate(HardwareConfig hw, IEnumerable<Operation> operations, int groupSize)
    {
        var report = AcceleratorSimulator.Run(hw, operations, Options(timeline: true));
        return FromReport(report, hw.Energy, groupSize);
    }

    /// <summary>Reduces a components report to the co-simulation's view.</summary>
    public static IterationTiming FromReport(SimulationReport report, EnergyTable energy, int groupSize)
    {
        var rows = report.LayerStages.Select(s => new LayerRow
        {
            Method = "",
            Layer = s.Layer,
            Stage = StageName(s.Stage),
            Operations = s.Operations,
            SpanCycles = s.SpanCycles,
            ComputeCycles = s.ComputeCycles,
            QueueWaitCycles = s.QueueWaitCycles,
            VectorCycles = s.VectorCycles,
            SparseGenCycles = s.SparseGenCycles,
            ComputeUtilization = s.ComputeUtilization,
            MappingEfficiency = s.MappingEfficiency,
            DenseMacs = s.DenseMacs,
            EffectiveMacs = s.EffectiveMacs,
            DramBytesRead = s.DramBytesRead,
            DramBytesWritten = s.DramBytesWritten,
            DynamicEnergyJ = 1e-12 * (
                (s.EffectiveMacs < s.DenseMacs ? s.EffectiveMacs * energy.SparseMacPj : s.DenseMacs * energy.DenseMacPj)
                + (s.DramBytesRead + s.DramBytesWritten) * energy.DramPjPerByte
                + s.VectorElements * energy.VectorPjPerElement
                + s.SparseGenGroups * (double)groupSize * energy.SparseGenPjPerElement),
            Bound = BoundNames.Of(s.Bound),
            Alone = s.Alone,
            ActiveCycles = s.ActiveCycles,
            DependenceCycles = s.DependenceCycles,
            CriticalCycles = s.CriticalCycles,
        }).ToArray();
        var e = report.Energy;
        return new IterationTiming
        {
            Cycles = report.TotalCycles,
            Seconds = report.Seconds,
            Operations = report.Operations,
            KernelEvents = report.KernelEvents,
            ComputeCycles = report.ComputeCycles,
            MemoryStallCycles = report.MemoryStallCycles,
            DenseMacs = report.DenseMacs,
            EffectiveMacs = report.EffectiveMacs,
            ArrayUtilization = report.ArrayUtilization,
            MappingEfficiency = report.MappingEfficiency,
            DramBytesRead = report.DramBytesRead,
            DramBytesWritten = report.DramBytesWritten,
            EnergyJ = e.TotalJ,
            StaticEnergyJ = e.StaticJ,
            EnergyBySource = new SortedDictionary<string, double>(StringComparer.Ordinal)
            {
                ["dense_mac"] = e.DenseMacJ,
                ["sparse_mac"] = e.SparseMacJ,
                ["buffer"] = e.BufferJ,
                ["dram"] = e.DramJ,
                ["vector"] = e.VectorJ,
                ["sparse_gen"] = e.SparseGenJ,
                ["static"] = e.StaticJ,
            },
            Layers = rows,
            StageSpanCycles = Sum(rows, r => r.SpanCycles),
            StageComputeCycles = Sum(rows, r => r.ComputeCycles),
            Timeline = report.Timeline,
            BoundCycles = BoundNames.All.ToDictionary(BoundNames.Of, b => report.BoundCycles[b]),
            StageBoundCycles = report.BoundShares.GroupBy(x => StageName(x.Stage))
                .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, long>)g.ToDictionary(x => BoundNames.Of(x.Bound), x => x.Cycles)),
        };
    }

    /// <summary>Lower-case stage name as reports and CSVs spell it.</summary>
    public static string StageName(Stage stage) => stage.ToString().ToLowerInvariant();

    private static SortedDictionary<string, long> Sum(IEnumerable<LayerRow> rows, Func<LayerRow, long> metric)
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var stage in Enum.GetValues<Stage>())
        {
            result[StageName(stage)] = 0;
        }
        foreach (var row in rows)
        {
            result[row.Stage] += metric(row);
        }
        return result;
    }
}
