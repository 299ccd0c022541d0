namespace Sim.Studies.Reports;

/// <summary>
/// One training method of a run, on the simulated hardware: how long its iterations took, how fast and how
/// energy-efficient that is per image, where the time went by stage, and (when trained) the accuracy it
/// reached against simulated time. Methods of a scenario appear side by side in <c>report.json</c>.
/// </summary>
public sealed record MethodResult
{
    /// <summary>Display name: "dense", "bdwp 2:8", "srste 2:8".</summary>
    public required string Label { get; init; }

    /// <summary>"dense", "srste" or "bdwp".</summary>
    public required string Method { get; init; }

    /// <summary>N:M pattern of the sparse stages ("dense" for dense training).</summary>
    public required string Nm { get; init; }

    public required long Iterations { get; init; }
    public required long Images { get; init; }

    /// <summary>Simulated accelerator time of all iterations (training only, not evaluation).</summary>
    public required double SimulatedSeconds { get; init; }

    public required double ImagesPerSecond { get; init; }
    public required double EnergyJ { get; init; }
    public required double EnergyPerImageJ { get; init; }
    public double AveragePowerW { get; init; }

    /// <summary>Cycles of one full-batch iteration.</summary>
    public required long CyclesPerIteration { get; init; }

    /// <summary>Dense total time over this method's time (1 for dense; absent without a dense run).</summary>
    public double? SpeedupVsDense { get; init; }

    /// <summary>Effective GOPS (kept operations only) of a full-batch iteration.</summary>
    public double EffectiveGops { get; init; }

    public double ArrayUtilization { get; init; }
    public long ComputeCycles { get; init; }
    public long MemoryStallCycles { get; init; }
    public long DramBytesPerIteration { get; init; }
    public long DenseMacsPerIteration { get; init; }
    public long EffectiveMacsPerIteration { get; init; }

    /// <summary>Per stage (fp, bp, wg, wu, gen): summed span cycles of one full-batch iteration.</summary>
    public IReadOnlyDictionary<string, long> StageSpanCycles { get; init; } = new Dictionary<string, long>();

    /// <summary>Per stage: PE-array compute cycles of one full-batch iteration.</summary>
    public IReadOnlyDictionary<string, long> StageComputeCycles { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// Cycles of one full-batch iteration by what bounds them (compute, input_bandwidth, weight_bandwidth,
    /// index_bandwidth, dram, vector, sparse_gen, dependence); they sum to <see cref="CyclesPerIteration"/>.
    /// </summary>
    public IReadOnlyDictionary<string, long> BoundCycles { get; init; } = new Dictionary<string, long>();

    /// <summary>The same per stage: stage -> bound -> cycles (bounds without cycles omitted).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> StageBoundCycles { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, long>>();

    /// <summary>Energy by source over the whole run, joules.</summary>
    public IReadOnlyDictionary<string, double> EnergyBySource { get; init; } = new Dictionary<string, double>();

    /// <summary>Test accuracy after the last iteration (null when timing only).</summary>
    public double? FinalAccuracy { get; init; }

    public double? FinalLoss { get; init; }

    /// <summary>
    /// Simulated seconds until test accuracy first reached <see cref="RunReport.TargetAccuracy"/> (the lowest
    /// final accuracy among the methods, so every method reaches it); null when timing only.
    /// </summary>
    public double? TimeToTargetSeconds { get; init; }

    /// <summary>Accuracy against simulated time (empty when timing only).</summary>
    public IReadOnlyList<AccuracyPoint> Accuracy { get; init; } = [];

    /// <summary>How the hardware simulation covered this method's iterations.</summary>
    public required SimulationReuse Reuse { get; init; }
}
