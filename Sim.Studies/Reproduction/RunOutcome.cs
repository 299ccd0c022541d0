using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.Reports;

namespace Sim.Studies.Reproduction;

/// <summary>
/// The few numbers the reproduction keeps from one simulated iteration (reports are large; hundreds of them
/// are run), or the one-line reason the simulation failed.
/// </summary>
public sealed record RunOutcome(
    long Cycles,
    double Seconds,
    double ImagesPerSecond,
    long DenseMacs,
    long EffectiveMacs,
    double EffectiveGops,
    double DenseEquivalentGops,
    double EffectiveGopsPerWatt,
    double DenseEquivalentGopsPerWatt,
    TimeShares Shares,
    string? Error)
{
    public bool Ok => Error is null;

    /// <summary>The iteration's cycles by stage and bound (bottleneck attribution; they sum to <see cref="Cycles"/>).</summary>
    public IReadOnlyList<BoundShare> Bounds { get; init; } = [];

    /// <summary>DRAM bytes read and written by the iteration.</summary>
    public long DramBytes { get; init; }

    /// <summary>
    /// Resources and power of the design on the reproduction's device (<see cref="ReproductionPlan.Device"/>: SAT's
    /// XCVU9P) from the resource and power models, or null when the run failed or no device is set.
    /// </summary>
    public Composition.DesignCost? Cost { get; init; }

    /// <summary>Effective GOPS per watt of the power model (<see cref="Cost"/>), or null without it.</summary>
    public double? PowerModelGopsPerWatt => Cost is { } c && c.Power.AverageW > 0 ? EffectiveGops / c.Power.AverageW : null;

    /// <summary>Dense-equivalent GOPS per watt of the power model, or null without it.</summary>
    public double? PowerModelDenseEquivalentGopsPerWatt => Cost is { } c && c.Power.AverageW > 0 ? DenseEquivalentGops / c.Power.AverageW : null;

    /// <summary>Share of the iteration's cycles bound by <paramref name="bound"/>, optionally within one stage.</summary>
    public double BoundFraction(Bound bound, Stage? stage = null) =>
        Cycles == 0 ? 0 : (double)Bounds.Where(b => b.Bound == bound && (stage is null || b.Stage == stage)).Sum(b => b.Cycles) / Cycles;

    /// <summary>Share of the iteration's cycles attributed to one stage (any bound).</summary>
    public double StageFraction(Stage stage) => Cycles == 0 ? 0 : (double)Bounds.Where(b => b.Stage == stage).Sum(b => b.Cycles) / Cycles;

    public static RunOutcome Failed(string error) => new(0, 0, 0, 0, 0, 0, 0, 0, 0, new TimeShares(0, 0, 0, 0, 0), error);

    public static RunOutcome From(SimulationReport report, int batch)
    {
        double Share(long cycles) => report.TotalCycles == 0 ? 0 : (double)cycles / report.TotalCycles;
        var stages = report.LayerStages;
        var shares = new TimeShares(
            SparseStageCompute: Share(stages.Where(s => s.Stage is Stage.FP or Stage.BP).Sum(s => s.ComputeCycles)),
            DenseWeightGradient: Share(stages.Where(s => s.Stage == Stage.WG).Sum(s => s.ComputeCycles)),
            ElementWise: Share(stages.Sum(s => s.VectorCycles)),
            MemoryStalls: Share(report.MemoryStallCycles),
            WeightGeneration: Share(stages.Sum(s => s.SparseGenCycles)));
        return new RunOutcome(
            report.TotalCycles, report.Seconds, batch / report.Seconds, report.DenseMacs, report.EffectiveMacs,
            report.EffectiveGops, report.DenseEquivalentGops, report.EffectiveGopsPerWatt, report.DenseEquivalentGopsPerWatt,
            shares, null) { Bounds = report.BoundShares, DramBytes = report.DramBytesRead + report.DramBytesWritten };
    }
}

/// <summary>
/// Where an iteration's time goes: busy cycles of each kind of work as a share of the iteration's cycles.
/// Units run concurrently, so shares may sum to more than one; a share is how long that work kept its unit busy.
/// </summary>
public sealed record TimeShares(double SparseStageCompute, double DenseWeightGradient, double ElementWise, double MemoryStalls, double WeightGeneration);
