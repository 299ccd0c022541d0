namespace Sim.Studies.Reports;

/// <summary>
/// Per-component utilization over one simulated stream, binned in time: what <c>timeline.png</c> draws and
/// what <c>report.json</c> stores so <c>satsim plot</c> can redraw it without re-simulating.
/// </summary>
/// <param name="Title">What the stream was (e.g. "bdwp 2:8, one iteration").</param>
/// <param name="BinCycles">Width of one bin in cycles.</param>
/// <param name="TotalCycles">Length of the stream in cycles.</param>
/// <param name="ClockMHz">Clock, to label the axis in microseconds; written <c>clock_mhz</c>, the scenario's key for it.</param>
/// <param name="Components">One row per component, in a stable order.</param>
public sealed record TimelineData(string Title, long BinCycles, long TotalCycles,
    [property: System.Text.Json.Serialization.JsonPropertyName("clock_mhz")] double ClockMHz, IReadOnlyList<ComponentUtilization> Components);

/// <summary>One component's busy fraction per bin (0..1) and over the whole stream.</summary>
public sealed record ComponentUtilization(string Component, double Average, IReadOnlyList<double> Utilization);
