using System.Text.Json;
using Sim.Studies.Cosim;
using Sim.Studies.Output;
using Sim.Studies.Scenarios;

namespace Sim.Studies.Tests.Cosim;

/// <summary>A co-simulation through the library: a scenario from YAML text, run, and its files written as <c>satsim run</c> writes them.</summary>
internal static class StudyRun
{
    /// <summary>Runs the scenario <paramref name="yaml"/> (as if read from <paramref name="scenarioPath"/>) and writes its files into <paramref name="outDir"/>.</summary>
    public static CoSimulation.Result Run(string yaml, string scenarioPath, string outDir)
    {
        var scenario = ScenarioLoader.Parse(yaml, scenarioPath);
        var result = new CoSimulation(scenario).Run();
        RunArtifacts.WriteAll(outDir, result.Report, result.Layers, result.Intervals, scenario.Hardware.ClockMHz);
        return result;
    }

    /// <summary>The report.json written into <paramref name="outDir"/>, parsed.</summary>
    public static JsonDocument Report(string outDir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, RunArtifacts.ReportFile)));
}
