namespace Sim.Cli.Bench;

/// <summary>One kernel benchmark measurement, printed as one JSON line by <c>satsim bench kernel ...</c>.</summary>
public sealed record KernelBenchResult(
    string Bench,
    ulong Seed,
    long Events,
    long Items,
    double WallSeconds,
    double EventsPerSecond,
    double ItemsPerSecond,
    double AllocatedBytesPerEvent,
    long FinalTime,
    string Note);
