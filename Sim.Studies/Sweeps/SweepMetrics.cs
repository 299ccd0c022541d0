namespace Sim.Studies.Sweeps;

/// <summary>
/// What one simulated design point yields: the sizes the Pareto fronts trade against (PE count, on-chip
/// buffer bytes) and the simulated performance and energy of one training iteration. Throughput counts
/// effective (kept-weight) operations; <see cref="DenseEquivalentGops"/> counts the dense work done in
/// the same time, which is what speedup comparisons use.
/// </summary>
public sealed record SweepMetrics(
    long PeCount,
    long OnChipBufferBytes,
    long Cycles,
    double Seconds,
    double ImagesPerSecond,
    double EffectiveGops,
    double DenseEquivalentGops,
    double EnergyJoules,
    double GopsPerWatt,
    long DramBytes,
    double ArrayUtilization,
    double PowerW = 0,
    double ImagesPerJoule = 0,
    CostMetrics? Cost = null);

/// <summary>The outcome of one point: metrics, or the one-line reason the design could not be simulated.</summary>
public sealed record PointResult(SweepPoint Point, SweepMetrics? Metrics, string? Error)
{
    public bool Ok => Metrics is not null;
}

/// <summary>
/// Simulates one design point. Implementations must be thread-safe (points run in parallel) and
/// deterministic (the same point always gives the same metrics), which is what makes resumed and
/// sharded sweeps byte-identical to uninterrupted ones.
/// </summary>
public interface ISweepEvaluator
{
    /// <summary>Returns the metrics, or throws <see cref="Errors.SatSimInputException"/> when the design is infeasible.</summary>
    SweepMetrics Evaluate(SweepPoint point, CancellationToken cancellation);
}
