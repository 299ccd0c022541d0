using System.CommandLine;

namespace Sim.Cli.Commands;

/// <summary>The list of top-level commands; one line per command group.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return RunCommand.Create();
        yield return ReplayCommand.Create();
        yield return PlotCommand.Create();
        yield return ValidateCommand.Create();
        yield return TrainCommand.Create();
        yield return DataCommand.Create();
        yield return SweepCommand.Create();
        yield return CompareCommand.Create();
        yield return ReproduceCommand.Create();
        yield return BenchCommand.Create();
        yield return DemoCommand.Create();
        yield return WorkloadCommand.Create();
        yield return PlanCommand.Create();
        yield return TopoCommand.Create();
        yield return DramStreamsCommand.Create();
        yield return TraceCommand.Create();
    }
}
