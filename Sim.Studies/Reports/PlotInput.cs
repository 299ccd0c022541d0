using System.Text.Json;
using Sim.Studies.Errors;
using Sim.Studies.Output;
using Sim.Vocabulary.IO;

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

    /// <summary>Reads the figure data of a report, with one-line errors for a missing or foreign file.</summary>
    public static PlotInput Read(string path)
    {
        if (Sim.Vocabulary.IO.InputPath.Problem(path) is { } problem)
        {
            throw new SatSimInputException(path, $"{problem}; expected the report.json of an earlier 'satsim run' or 'satsim replay'");
        }
        PlotInput? input;
        try
        {
            input = Json.Deserialize<PlotInput>(BoundedFile.ReadAllText(path, BoundedFile.ReportLimit, "a report"));
        }
        catch (JsonException e)
        {
            throw new SatSimInputException(path, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? 0) + 1, $"not a valid report: {TextExcerpt.Escape(e.Message.Split(". Path:")[0], 200)}");
        }
        catch (InputTooLargeException e)
        {
            throw new SatSimInputException(path, $"larger than {BoundedFile.Describe(e.LimitBytes)}, the limit for a report; expected the report.json of an earlier run");
        }
        if (input is null || input.Format != RunReport.FormatName)
        {
            throw new SatSimInputException(path, $"not a SatSim run report (expected \"format\": \"{RunReport.FormatName}\")");
        }
        if (input.FormatVersion > RunReport.CurrentVersion)
        {
            throw new SatSimInputException(path, $"report format version {input.FormatVersion} is newer than this satsim understands ({RunReport.CurrentVersion})");
        }
        if (input.FormatVersion < RunReport.OldestReadableVersion)
        {
            throw new SatSimInputException(path, $"report format version {input.FormatVersion} was written by an older satsim (its timeline key clock_m_hz is now clock_mhz); run the scenario again to redraw its figures");
        }
        return input;
    }
}

/// <summary>A method's label and accuracy curve, as stored in the report.</summary>
public sealed record PlotMethod(string Label, IReadOnlyList<AccuracyPoint> Accuracy);
