namespace Sim.Studies.Sweeps;

/// <summary>
/// The cost side of a design point on its FPGA device (Sim.Components/Cost): whether it fits, what limits it, the
/// utilization of the resources an architect trades, and the device's limiting reason when it does not fit.
/// </summary>
public sealed record CostMetrics(
    string Device,
    bool Fits,
    string LimitingResource,
    double DspPct,
    double BramPct,
    double UramPct,
    double LutPct,
    string Reason);
