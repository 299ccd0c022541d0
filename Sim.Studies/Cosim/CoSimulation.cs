using Serilog;
using Sim.Studies.Output;
using Sim.Studies.Reports;
using Sim.Studies.Scenarios;
using Sim.Studies.Timing;
using Sim.Mapping;
using Sim.Core.Monitoring;
using Sim.Workloads.Lowering;

namespace Sim.Studies.Cosim;

/// <summary>
/// <c>satsim run</c>'s engine: for each method of a scenario, trains with the functional engine (or, timing
/// only, lowers one iteration), times every executed iteration on the simulated accelerator (reusing the result
/// of an identical operation stream), and assembles the report: accuracy against simulated time, images per
/// second and energy per image per method, side by side.
/// </summary>
/// <remarks>Timed by <c>timer</c>: resolve an <see cref="IterationTimer"/> from the studies' services to use replaced models.</remarks>
public sealed class CoSimulation(Scenario scenario, ILogger log, IterationTimer timer)
{
    /// <summary>Everything a run produced: the report and the bulky parts that go to their own files.</summary>
    public sealed record Result(RunReport Report, IReadOnlyList<LayerRow> Layers, IReadOnlyList<(string Label, IReadOnlyList<BusyInterval> Intervals)> Intervals);

    /// <summary>A co-simulation on SAT's memory and planner (<see cref="IterationTimer.Default"/>).</summary>
    public CoSimulation(Scenario scenario, ILogger log)
        : this(scenario, log, IterationTimer.Default)
    {
    }

    /// <summary>A co-simulation that logs nothing.</summary>
    public CoSimulation(Scenario scenario)
        : this(scenario, Serilog.Core.Logger.None)
    {
    }

    /// <summary>The timing pipeline every iteration goes through.</summary>
    public IterationTimer Timer { get; } = timer ?? throw new ArgumentNullException(nameof(timer));

    /// <summary>Runs every method of the scenario without showing progress.</summary>
    public Result Run() => Run(NullProgressSink.Instance);

    public Result Run(IProgressSink progress)
    {
        var w = scenario.Workload;
        var runs = new List<(MethodRun Run, TimingCache Cache)>();
        foreach (var method in w.Methods)
        {
            var nm = method == TrainingMethod.Dense ? "dense" : w.Nm.ToString();
            var label = method == TrainingMethod.Dense ? "dense" : $"{method.Name()} {nm}";
            progress.Describe(label);
            var run = new MethodRun(method, label, nm, scenario.Hardware.ClockMHz);
            var cache = new TimingCache();
            if (w.IsTimingOnly)
            {
                RunTimingOnly(run, cache);
            }
            else
            {
                TrainingRunner.Run(scenario, run, cache, this, log, progress);
            }
            progress.Advance();
            log.Information("{Method}: {Iterations} iterations, {Seconds} s simulated, {Simulated} stream(s) simulated, {Reused} reused",
                label, run.Iterations, run.Seconds, cache.Simulated, cache.Reused);
            runs.Add((run, cache));
        }
        var dense = runs.FirstOrDefault(r => r.Run.Method == TrainingMethod.Dense).Run;
        var finals = runs.Where(r => r.Run.Accuracy.Count > 0).Select(r => r.Run.Accuracy[^1].Accuracy).ToArray();
        double? target = finals.Length == runs.Count && finals.Length > 0 ? finals.Min() : null;
        var methods = runs.Select(r => r.Run.ToResult(dense?.Seconds, Reuse(r.Cache)) with
        {
            TimeToTargetSeconds = target is { } t ? r.Run.Accuracy.First(p => p.Accuracy >= t).SimulatedSeconds : null,
        }).ToArray();
        var layers = runs.SelectMany(r => r.Run.Representative!.Layers.Select(l => l with { Method = r.Run.Label })).ToArray();
        var timelines = runs.Select(r => TimelineBuilder.Build(r.Run.Label, r.Run.Representative!.Timeline, r.Run.Representative.Cycles,
            scenario.Outputs.TimelineBins, scenario.Hardware.ClockMHz)).ToArray();
        var intervals = runs.Select(r => (r.Run.Label, r.Run.Representative!.Timeline)).ToArray();
        var o = scenario.Outputs;
        var files = RunArtifacts.PlannedFiles(o.LayersCsv, o.Timeline, o.ChromeTrace, o.AccuracyPlot, methods.Any(m => m.Accuracy.Count > 0), o.Roofline);
        var notes = new List<string>
        {
            "Simulated time counts training iterations on the accelerator only (not test-set evaluation, not host data loading).",
            "An iteration whose operation stream (SHA-256 over every layer operation) equals one already simulated reuses that timing; each method's 'reuse' field gives the counts.",
            "time_to_target_seconds: simulated time until a method's test accuracy (measured after each epoch) first reached target_accuracy, the lowest final accuracy among the methods.",
            "layers.csv and the timelines describe the first full-batch iteration of each method; layer energy is dynamic only (no buffer or static share).",
        };
        notes.AddRange(runs.SelectMany(r => r.Run.Notes));
        if (w.IsTimingOnly)
        {
            notes.Add("Timing only: no training ran, so there is no accuracy; every iteration has the same operation stream.");
        }
        var report = new RunReport
        {
            Kind = "run",
            Title = Title(scenario),
            Versions = ToolVersions.Current(),
            Inputs = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["scenario_name"] = scenario.Name,
                ["scenario_file"] = Path.GetFileName(scenario.SourceFile),
                ["scenario_text"] = scenario.Text,
            },
            Hardware = HardwareYaml.Describe(scenario.Hardware),
            Workload = Describe(w),
            Methods = methods,
            TargetAccuracy = target,
            Timelines = timelines,
            Roofline = RooflineData.From(scenario.Hardware, layers, runs.Where(r => r.Run.Method != TrainingMethod.Dense).Select(_ => w.Nm)),
            Files = files,
            Notes = notes,
        };
        return new Result(report, layers, intervals);
    }

    private void RunTimingOnly(MethodRun run, TimingCache cache)
    {
        var w = scenario.Workload;
        var model = DatasetShape.Model(w);
        var options = Options(run.Method, w.Batch);
        var ops = IterationLowering.Lower(model, options).ToArray();
        var timing = cache.Get(ops, () => Timer.SimulateIteration(scenario.Hardware, model, options));
        run.AddIterations(timing, w.Batch, fullBatch: true);
        var rest = (w.Iterations ?? 1) - 1;
        if (rest > 0)
        {
            cache.CountReuse(rest);
            run.AddIterations(timing, w.Batch, fullBatch: true, rest);
        }
    }

    /// <summary>Lowering options of one iteration of this scenario.</summary>
    public LoweringOptions Options(TrainingMethod method, int batch) => HardwareLowering.For(scenario.Hardware, batch, method, scenario.Workload.Nm);

    private static SimulationReuse Reuse(TimingCache cache) => new(cache.Simulated, cache.Reused,
        cache.Reused == 0
            ? "every iteration was simulated"
            : $"{cache.Simulated} distinct operation stream(s) simulated; {cache.Reused} iteration(s) had an identical stream and reused its timing");

    public static string Title(Scenario s)
    {
        var w = s.Workload;
        var data = w.IsTimingOnly ? "timing only" : w.Dataset;
        return $"{s.Name}: {w.Model} ({data}), batch {w.Batch}, {s.Hardware.ArrayRows}x{s.Hardware.ArrayCols} PEs at {s.Hardware.ClockMHz.ToString(System.Globalization.CultureInfo.InvariantCulture)} MHz";
    }

    /// <summary>The optimizer with the scenario's keys (<c>lr</c>, not the record's LearningRate), in the record's order.</summary>
    private static Dictionary<string, object?> Describe(OptimizerSpec o) => new(StringComparer.Ordinal)
    {
        ["lr"] = o.LearningRate,
        ["momentum"] = o.Momentum,
        ["weight_decay"] = o.WeightDecay,
        ["schedule"] = o.Schedule,
        ["warmup_iterations"] = o.WarmupIterations,
        ["step_epochs"] = o.StepEpochs,
    };

    private static SortedDictionary<string, object?> Describe(WorkloadSpec w) => new(StringComparer.Ordinal)
    {
        ["model"] = w.Model,
        ["dataset"] = w.Dataset,
        ["batch"] = w.Batch,
        ["methods"] = w.Methods.Select(m => m.Name()).ToArray(),
        ["nm"] = w.Nm.ToString(),
        ["epochs"] = w.Epochs,
        ["iterations"] = w.Iterations,
        ["optimizer"] = Describe(w.Optimizer),
        ["precision"] = w.Precision,
        ["seed"] = w.Seed,
        ["srste_lambda"] = w.SrsteLambda,
        ["augment"] = w.Augment,
        ["train_samples"] = w.TrainSamples,
        ["test_samples"] = w.TestSamples,
    };
}
