using Sim.Studies.Timing;
using Sim.Components.Config;
using Sim.Studies.Composition;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;

namespace Sim.Studies.Sweeps;

/// <summary>
/// Evaluates sweep points on the real simulator: the base hardware with the point's axes applied, one
/// timing-only training iteration of the point's workload. Stateless, hence safe to run in parallel.
/// </summary>
public sealed class SimulatorSweepEvaluator(HardwareConfig baseHardware, IterationTimer timer, IHardwareCostModel costModel) : ISweepEvaluator
{
    /// <summary>An evaluator on SAT's memory, planner and FPGA cost model.</summary>
    public SimulatorSweepEvaluator(HardwareConfig baseHardware)
        : this(baseHardware, IterationTimer.Default, new FpgaCostModel())
    {
    }

    public HardwareConfig BaseHardware { get; } = baseHardware;

    public IterationTimer Timer { get; } = timer ?? throw new ArgumentNullException(nameof(timer));

    public IHardwareCostModel CostModel { get; } = costModel ?? throw new ArgumentNullException(nameof(costModel));

    /// <summary>The folder a relative .onnx <c>model:</c> value is read from (the sweep file's); null: the working directory.</summary>
    public string? ModelFolder { get; init; }

    /// <summary>A zoo name as it is; an .onnx path made absolute against <paramref name="folder"/> (the sweep file's).</summary>
    public static string ResolveModel(string model, string? folder) =>
        !Models.ModelResolver.IsFile(model) || Path.IsPathRooted(model) || folder is null ? model : Path.GetFullPath(Path.Combine(folder, model));

    /// <summary>The base hardware with the point's hardware axes applied, each through its key path in <see cref="HardwareConfig.Schema"/>.</summary>
    public HardwareConfig HardwareFor(SweepPoint point)
    {
        object hw = BaseHardware;
        foreach (var axis in point.Values.Keys.Where(a => !a.IsWorkload).OrderBy(a => a.Order).ThenBy(a => a.Name, StringComparer.Ordinal))
        {
            hw = HardwareConfig.Schema.With(hw, axis.ParameterPath!, point.ParameterValue(axis));
        }
        return (HardwareConfig)hw;
    }

    /// <summary>Distinct timings simulated so far: points that differ only in the device share one.</summary>
    public long Simulations => Interlocked.Read(ref _simulations);

    /// <summary>
    /// The simulated iteration of <paramref name="request"/> on <paramref name="hw"/>, simulated once per timing-relevant
    /// hardware: the device only prices the design (resources and power, <see cref="IHardwareCostModel"/>), the timing
    /// depends on everything else (clock, array, buffers, DRAM, ...), so points that differ only in <c>device</c> share
    /// one simulation, keyed by the hash of the hardware without the device. The device axis is the grid's last, fastest
    /// one, so a design's devices are neighbours: a bounded cache of the latest timings serves them and memory stays flat.
    /// </summary>
    private Sim.Components.Reports.SimulationReport TimingOf(HardwareConfig hw, TimingRequest request)
    {
        var timingHardware = hw with { Device = null };
        var key = (Sim.Mapping.Traces.HardwareHash.Of(timingHardware), request);
        var lazy = new Lazy<Sim.Components.Reports.SimulationReport>(() => Timer.Report(timingHardware, request));
        var used = _timings.GetOrAdd(key, lazy);
        if (ReferenceEquals(used, lazy))
        {
            Interlocked.Increment(ref _simulations);
            _order.Enqueue(key);
            while (_order.Count > CachedTimings && _order.TryDequeue(out var old))
            {
                _timings.TryRemove(old, out _);
            }
        }
        return used.Value;
    }

    private const int CachedTimings = 256;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Hardware, TimingRequest Request), Lazy<Sim.Components.Reports.SimulationReport>> _timings = new();

    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Hardware, TimingRequest Request)> _order = new();

    private long _simulations;

    public static TimingRequest RequestFor(SweepPoint point, string? modelFolder = null)
    {
        var method = TrainingMethods.Parse(point.Text(SweepAxis.Method) ?? "dense");
        var nm = point.Text(SweepAxis.Nm) is { } text ? NmPattern.Parse(text) : NmPattern.Dense;
        return new TimingRequest(ResolveModel(point.Text(SweepAxis.Model)!, modelFolder), point.Integer(SweepAxis.Batch) ?? 1, method, nm);
    }

    public SweepMetrics Evaluate(SweepPoint point, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var hw = HardwareFor(point);
        var problems = hw.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidConfigException(problems);
        }
        var request = RequestFor(point, ModelFolder);
        var report = TimingOf(hw, request);
        var b = hw.Buffers;
        var energy = report.Energy.TotalJ;
        var power = report.AveragePowerW;
        CostMetrics? cost = null;
        // SAT's PEs are built for N:M whatever the point runs: the point's pattern, or SAT's 2:8.
        var pattern = point.Text(SweepAxis.Nm) is { } text && NmPattern.Parse(text) is { IsDense: false } p ? p : new NmPattern(2, 8);
        if (CostModel.Estimate(hw, report, pattern) is { } design)
        {
            var (name, resources, watts) = (design.Device, design.Resources, design.Power);
            energy = watts.TotalJ;
            power = watts.AverageW;
            cost = new CostMetrics(name, resources.Fits, resources.LimitingResource, resources["dsp"].Percent, resources["bram"].Percent,
                resources["uram"].Percent, resources["lut"].Percent, resources.Reason);
        }
        return new SweepMetrics(
            PeCount: (long)hw.ArrayRows * hw.ArrayCols,
            OnChipBufferBytes: b.Input.CapacityBytes + b.Weight.CapacityBytes + b.Output.CapacityBytes + b.Index.CapacityBytes,
            Cycles: report.TotalCycles,
            Seconds: report.Seconds,
            ImagesPerSecond: request.Batch / report.Seconds,
            EffectiveGops: report.EffectiveGops,
            DenseEquivalentGops: report.DenseEquivalentGops,
            EnergyJoules: energy,
            GopsPerWatt: power == 0 ? 0 : report.EffectiveGops / power,
            DramBytes: report.DramBytesRead + report.DramBytesWritten,
            ArrayUtilization: report.ArrayUtilization,
            PowerW: power,
            ImagesPerJoule: energy == 0 ? 0 : request.Batch / energy,
            Cost: cost);
    }
}
