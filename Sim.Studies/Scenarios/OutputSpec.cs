namespace Sim.Studies.Scenarios;

/// <summary>
/// Which artifacts <c>satsim run</c> writes besides <c>report.json</c> (always written): per-layer CSV,
/// utilization timeline picture, Chrome trace, accuracy plot, roofline; and the timeline's resolution.
/// </summary>
public sealed record OutputSpec
{
    public bool LayersCsv { get; init; } = true;
    public bool Timeline { get; init; } = true;
    public bool ChromeTrace { get; init; } = true;
    public bool AccuracyPlot { get; init; } = true;

    /// <summary>roofline.png: operational intensity against attained throughput per layer and stage.</summary>
    public bool Roofline { get; init; } = true;

    /// <summary>Number of time bins in the utilization timeline.</summary>
    public int TimelineBins { get; init; } = 200;
}
