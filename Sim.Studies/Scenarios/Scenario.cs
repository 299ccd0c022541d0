using Sim.Components.Config;

namespace Sim.Studies.Scenarios;

/// <summary>
/// One scenario file, fully validated: the hardware (mapped onto <see cref="HardwareConfig"/>), the workload and
/// the outputs wanted. <see cref="Text"/> keeps the file's exact text so <c>report.json</c> records what ran.
/// </summary>
public sealed record Scenario
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";

    /// <summary>Path of the file the scenario came from.</summary>
    public required string SourceFile { get; init; }

    /// <summary>The YAML text as loaded.</summary>
    public required string Text { get; init; }

    public required HardwareConfig Hardware { get; init; }
    public required WorkloadSpec Workload { get; init; }
    public OutputSpec Outputs { get; init; } = new();
}
