using BenchmarkDotNet.Running;

namespace Sim.Benchmarks;

/// <summary>
/// BenchmarkDotNet entry point: <c>dotnet run -c Release --project tests/Sim.Benchmarks -- --filter '*'</c>.
/// Quick single-shot figures are also printed by <c>satsim bench ...</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
