using System.CommandLine;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim bench ...</c>: speed measurements that print one JSON line each (benchmarks, never timed
/// unit tests). Each benchmark group lives in its own file and adds one line to <see cref="Groups"/>.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure the speed of SatSim's parts; each prints one JSON line.");
        foreach (var group in Groups())
        {
            bench.Subcommands.Add(group);
        }
        return bench;
    }

    /// <summary>One line per benchmark group (e.g. <c>kernel</c>, <c>gemm</c>).</summary>
    private static IEnumerable<Command> Groups()
    {
        yield return BenchKernelCommand.Create();
        yield return BenchGemmCommand.Create();
        yield return BenchSimCommand.Create();
        yield return BenchTrainCommand.Create();
    }
}
