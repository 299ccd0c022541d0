using Sim.Components.Config;

namespace Sim.Studies.Reports;

/// <summary>
/// <c>report.json</c>: everything a run measured, machine-readable, with the scenario text and the tool
/// versions that produced it. No wall-clock times or dates, so the same scenario and seed give a
/// byte-identical file. <c>satsim plot</c> redraws the figures from it.
/// </summary>
public sealed record RunReport
{
    public const string FormatName = "satsim-run-report";
    /// <summary>2: the scenario's key names (<c>timelines[].clock_mhz</c>, <c>workload.optimizer.lr</c>; version 1
    /// wrote <c>clock_m_hz</c> and <c>learning_rate</c>).</summary>
    public const int CurrentVersion = 2;

    /// <summary>Oldest version <c>satsim plot</c> reads: its figures need the version-2 key names.</summary>
    public const int OldestReadableVersion = 2;

    public string Format { get; init; } = FormatName;
    public int FormatVersion { get; init; } = CurrentVersion;

    /// <summary>"run" or "replay".</summary>
    public required string Kind { get; init; }

    public required string Title { get; init; }
    public required ToolVersions Versions { get; init; }

    /// <summary>Scenario name, file and exact text (or, for replay, the trace and hardware files).</summary>
    public required IReadOnlyDictionary<string, string> Inputs { get; init; }

    /// <summary>
    /// The accelerator as run, with exactly the keys of a scenario's <c>hardware:</c> section
    /// (<see cref="Scenarios.HardwareYaml.Describe"/>): saved as a file it is a hardware file reproducing the run.
    /// </summary>
    public required IReadOnlyDictionary<string, object?> Hardware { get; init; }

    /// <summary>Model, data set, batch and the other workload settings, as run.</summary>
    public required IReadOnlyDictionary<string, object?> Workload { get; init; }

    public required IReadOnlyList<MethodResult> Methods { get; init; }

    /// <summary>The accuracy every method reached (lowest final test accuracy); null when timing only.</summary>
    public double? TargetAccuracy { get; init; }

    /// <summary>Utilization timelines of one full-batch iteration per method.</summary>
    public required IReadOnlyList<TimelineData> Timelines { get; init; }

    /// <summary>Roofs of the hardware and one point per method, layer and stage with GEMMs (for roofline.png).</summary>
    public RooflineData Roofline { get; init; } = new();

    /// <summary>Files written next to the report.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Modelling notes a reader needs (reuse of timing, what simulated time covers).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
