using Sim.Vocabulary.IO;
using Sim.Studies.Plotting;
using Sim.Studies.Reports;
using Sim.Core.Monitoring;

namespace Sim.Studies.Output;

/// <summary>
/// Writes the files of a run or replay into its output folder, each atomically, <c>report.json</c> last so a
/// report exists only when everything it lists was written. Also redraws figures from a report for
/// <c>satsim plot</c>.
/// </summary>
public static class RunArtifacts
{
    public const string ReportFile = "report.json";
    public const string LayersFile = "layers.csv";
    public const string TimelineFile = "timeline.png";
    public const string TraceFile = "timeline.trace.json";
    public const string AccuracyFile = "accuracy.svg";
    public const string RooflineFile = "roofline.png";

    /// <summary>The figure files a report gives rise to, given what it contains and what was asked for.</summary>
    public static List<string> PlannedFiles(bool layersCsv, bool timeline, bool trace, bool accuracy, bool hasAccuracy, bool roofline = true)
    {
        var files = new List<string>();
        if (layersCsv)
        {
            files.Add(LayersFile);
        }
        if (timeline)
        {
            files.Add(TimelineFile);
        }
        if (trace)
        {
            files.Add(TraceFile);
        }
        if (accuracy && hasAccuracy)
        {
            files.Add(AccuracyFile);
        }
        if (roofline)
        {
            files.Add(RooflineFile);
        }
        files.Add(ReportFile);
        return files;
    }

    /// <summary>
    /// Writes every file of <paramref name="report"/>.Files into <paramref name="dir"/>: <paramref name="layers"/>
    /// become layers.csv, <paramref name="intervals"/> (busy intervals per method label) the Chrome trace.
    /// Files are first written into a staging folder inside <paramref name="dir"/> and then moved into place one
    /// by one, report.json last; if anything fails, the staging folder is removed and the files of an earlier
    /// run stay as they were.
    /// </summary>
    public static void WriteAll(string dir, RunReport report, IEnumerable<LayerRow> layers, IReadOnlyList<(string Label, IReadOnlyList<BusyInterval> Intervals)> intervals, double clockMHz)
    {
        Directory.CreateDirectory(dir);
        var staging = Path.Combine(dir, $".staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var files = report.Files;
            if (files.Contains(LayersFile))
            {
                LayersCsv.Save(Path.Combine(staging, LayersFile), layers);
            }
            if (files.Contains(TraceFile))
            {
                AtomicFile.WriteText(Path.Combine(staging, TraceFile), w => ChromeTrace.Write(w, Prefixed(intervals), clockMHz));
            }
            DrawFigures(staging, PlotInput.Of(report));
            AtomicFile.WriteAllText(Path.Combine(staging, ReportFile), Json.Serialize(report) + "\n");
            foreach (var file in files.Where(f => f != ReportFile).Append(ReportFile))
            {
                var source = Path.Combine(staging, file);
                if (File.Exists(source))
                {
                    File.Move(source, Path.Combine(dir, file), overwrite: true);
                }
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Draws the figures a report lists (timeline.png, accuracy.svg, roofline.png) from its data; returns the files drawn.</summary>
    public static IReadOnlyList<string> DrawFigures(string dir, PlotInput input)
    {
        var drawn = new List<string>();
        if (input.Files.Contains(TimelineFile) && input.Timelines.Count > 0)
        {
            TimelinePlot.Save(Path.Combine(dir, TimelineFile), input.Timelines);
            drawn.Add(TimelineFile);
        }
        var series = input.Methods.Where(m => m.Accuracy.Count > 0).Select(m => new AccuracySeries(m.Label, m.Accuracy)).ToArray();
        if (input.Files.Contains(AccuracyFile) && series.Length > 0)
        {
            AccuracyPlot.Save(Path.Combine(dir, AccuracyFile), series, input.Title);
            drawn.Add(AccuracyFile);
        }
        if (input.Files.Contains(RooflineFile))
        {
            RooflinePlot.Save(Path.Combine(dir, RooflineFile), input.Roofline, input.Title);
            drawn.Add(RooflineFile);
        }
        return drawn;
    }

    private static IEnumerable<BusyInterval> Prefixed(IReadOnlyList<(string Label, IReadOnlyList<BusyInterval> Intervals)> intervals)
    {
        foreach (var (label, list) in intervals)
        {
            foreach (var i in list)
            {
                yield return i with { Component = intervals.Count > 1 ? $"{label}: {i.Component}" : i.Component, Category = label };
            }
        }
    }
}
