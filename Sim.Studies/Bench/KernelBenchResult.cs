namespace Sim.Studies.Bench;

/// <summary>One kernel benchmark measurement, printed as one JSON line by <c>satsim bench kernel ...</c>.
/// Rates are over the measured part (after warm-up); <c>CpuSeconds</c> is the process's CPU time over the
/// same part, which shows how much the wall figures suffer when the machine is shared.</summary>
public sealed record KernelBenchResult(
    string Bench,
    ulong Seed,
    string Waits,
    long Events,
    long Items,
    double WallSeconds,
    double CpuSeconds,
    double EventsPerSecond,
    double ItemsPerSecond,
    double AllocatedBytesPerEvent,
    long FinalTime,
    string Note);
