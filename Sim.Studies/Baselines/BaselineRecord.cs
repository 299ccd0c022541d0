namespace Sim.Studies.Baselines;

/// <summary>
/// One figure a publication reports for its FPGA training accelerator. Numbers the publication does not
/// give (or that are not collected yet) stay null so comparisons skip them rather than guess.
/// </summary>
/// <remarks><c>Line</c> is the line of the data file the record came from, for messages.</remarks>
public sealed record BaselineRecord(
    string Name,
    string Citation,
    string Platform,
    string Precision,
    double? ClockMhz,
    int? Dsps,
    string Workload,
    double? ThroughputGops,
    double? PowerW,
    double? EnergyEfficiencyGopsPerW,
    string Notes,
    int Line)
{
    /// <summary>
    /// Energy efficiency as reported, or derived as throughput / power when the publication gives both
    /// of those but not the ratio (a derivation, not a guess).
    /// </summary>
    public double? EffectiveEnergyEfficiency =>
        EnergyEfficiencyGopsPerW ?? (ThroughputGops is { } t && PowerW is { } p && p > 0 ? t / p : null);

    /// <summary>Name plus workload, unique per row in practice (e.g. "ETA / ResNet-18").</summary>
    public string Label => Workload.Length == 0 ? Name : $"{Name} / {Workload}";
}
