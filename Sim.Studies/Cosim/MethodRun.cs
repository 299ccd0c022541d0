using Sim.Studies.Timing;
using Sim.Studies.Reports;
using Sim.Workloads.Lowering;

namespace Sim.Studies.Cosim;

/// <summary>
/// Accumulates one method's co-simulation as its iterations complete: simulated time and energy summed over
/// iterations (each timed by the hardware simulation or reused from an identical stream), images, and the
/// accuracy curve on the simulated clock.
/// </summary>
public sealed class MethodRun(TrainingMethod method, string label, string nm, double clockMHz)
{
    private readonly List<AccuracyPoint> _accuracy = [];
    private readonly SortedDictionary<string, double> _energy = new(StringComparer.Ordinal);

    public TrainingMethod Method { get; } = method;
    public string Label { get; } = label;
    public string Nm { get; } = nm;
    public long Iterations { get; private set; }
    public long Images { get; private set; }
    /// <summary>Simulated cycles of all iterations so far (summed exactly, then converted).</summary>
    public long Cycles { get; private set; }

    /// <summary>Simulated seconds of all iterations so far.</summary>
    public double Seconds => Cycles / (clockMHz * 1e6);
    public double EnergyJ { get; private set; }

    /// <summary>Timing of the first full-batch iteration: the representative row of tables and timelines.</summary>
    public IterationTiming? Representative { get; private set; }

    public IReadOnlyList<AccuracyPoint> Accuracy => _accuracy;

    /// <summary>Modelling notes this method's run adds to the report.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Adds <paramref name="count"/> iterations of <paramref name="batch"/> images timed by <paramref name="timing"/>.</summary>
    public void AddIterations(IterationTiming timing, int batch, bool fullBatch, long count = 1)
    {
        Iterations += count;
        Images += count * batch;
        Cycles += count * timing.Cycles;
        EnergyJ += count * timing.EnergyJ;
        foreach (var (source, joules) in timing.EnergyBySource)
        {
            _energy[source] = _energy.GetValueOrDefault(source) + count * joules;
        }
        if (fullBatch && Representative is null)
        {
            Representative = timing;
        }
        Representative ??= timing;
    }

    public void AddAccuracy(double accuracy, double loss) => _accuracy.Add(new AccuracyPoint(Iterations, Seconds, accuracy, loss));

    public MethodResult ToResult(double? denseSeconds, SimulationReuse reuse)
    {
        var t = Representative ?? throw new InvalidOperationException($"method {Label} ran no iteration");
        var last = _accuracy.Count > 0 ? _accuracy[^1] : null;
        return new MethodResult
        {
            Label = Label,
            Method = Method.Name(),
            Nm = Nm,
            Iterations = Iterations,
            Images = Images,
            SimulatedSeconds = Seconds,
            ImagesPerSecond = Seconds > 0 ? Images / Seconds : 0,
            EnergyJ = EnergyJ,
            EnergyPerImageJ = Images > 0 ? EnergyJ / Images : 0,
            AveragePowerW = Seconds > 0 ? EnergyJ / Seconds : 0,
            CyclesPerIteration = t.Cycles,
            SpeedupVsDense = denseSeconds is { } d && Seconds > 0 ? d / Seconds : null,
            EffectiveGops = t.Seconds > 0 ? 2.0 * t.EffectiveMacs / t.Seconds / 1e9 : 0,
            ArrayUtilization = t.ArrayUtilization,
            ComputeCycles = t.ComputeCycles,
            MemoryStallCycles = t.MemoryStallCycles,
            DramBytesPerIteration = t.DramBytesRead + t.DramBytesWritten,
            DenseMacsPerIteration = t.DenseMacs,
            EffectiveMacsPerIteration = t.EffectiveMacs,
            StageSpanCycles = t.StageSpanCycles,
            StageComputeCycles = t.StageComputeCycles,
            BoundCycles = t.BoundCycles,
            StageBoundCycles = t.StageBoundCycles,
            EnergyBySource = _energy,
            FinalAccuracy = last?.Accuracy,
            FinalLoss = last?.Loss,
            Accuracy = _accuracy.ToArray(),
            Reuse = reuse,
        };
    }
}
