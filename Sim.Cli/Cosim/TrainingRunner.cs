using Serilog;
using Sim.Cli.Errors;
using Sim.Cli.Output;
using Sim.Cli.Scenarios;

namespace Sim.Cli.Cosim;

/// <summary>
/// Trains one method of a scenario with the functional engine and times every iteration it executes. Until the
/// functional engine (Sim.Training's trainer) is part of this build, training scenarios stop with a clear error.
/// </summary>
public static class TrainingRunner
{
    public static void Run(Scenario scenario, MethodRun run, TimingCache cache, CoSimulation cosim, ILogger log, IProgressSink progress) =>
        throw new SatSimInputException(scenario.SourceFile,
            $"workload.dataset '{scenario.Workload.Dataset}': training needs the functional engine, which this build does not include yet; use 'dataset: timing-only'");
}
