using Serilog;
using Sim.Cli.Errors;
using Sim.Cli.Output;
using Sim.Cli.Scenarios;

namespace Sim.Cli.Cosim;

/// <summary>Runs the functional training engine for one method, timing each executed iteration.</summary>
public static class TrainingRunner
{
    public static void Run(Scenario scenario, MethodRun run, TimingCache cache, ILogger log, IProgressSink progress)
    {
        throw new UsageException($"training with data set '{scenario.Workload.Dataset}' needs the functional engine, which this build does not include yet; use 'dataset: timing-only'");
    }
}
