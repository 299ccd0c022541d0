namespace Sim.Studies.Reports;

/// <summary>
/// The part of <c>report.json</c> the figures are drawn from; <c>satsim plot</c> reads only this, so it keeps
/// working when other report fields change.
/// </summary>
public sealed record PlotInput
{
    public string Format { get; init; } = "";
    public int FormatVersion { get; init; }
    public string Title { get; init; } = "";
    public IReadOnlyList<string> Files { get; init; } = [];
    public IReadOnlyList<PlotMethod> Methods { get; init; } = [];
    public IReadOnlyList<TimelineData> Timelines { get; init; } = [];
    public RooflineData Roofline { get; init; } = new();

    public static PlotInput Of(RunReport r) => new()
    {
        Format = r.Format,
        FormatVersion = r.FormatVersion,
        Title = r.Title,
        Files = r.Files,
        Methods = r.Methods.Select(m => new PlotMethod(m.Label, m.Accuracy)).ToArray(),
        Timelines = r.Timelines,
        Roofline = r.Roofline,
    };
}

/// <summary>A method's label and accuracy curve, as stored in the report.</summary>
public sealed record PlotMethod(string Label, IReadOnlyList<AccuracyPoint> Accuracy);
