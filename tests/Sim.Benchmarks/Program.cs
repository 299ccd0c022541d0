using BenchmarkDotNet.Running;

namespace Sim.Benchmarks;

/// <summary>
/// BenchmarkDotNet entry point: <c>dotnet run -c Release --project tests/Sim.Benchmarks -- --filter '*'</c>.
/// Quick single-shot figures are also printed by <c>satsim bench ...</c>, and for ONNX import by
/// <c>Sim.Benchmarks onnx-import FILE [REPEATS [WARMUP_FILE]]</c> (see <see cref="OnnxImportBenchmarks.OneShot"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length is >= 2 and <= 4 && args[0] == "onnx-import")
        {
            return OnnxImportBenchmarks.OneShot(args[1], args.Length >= 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3,
                args.Length == 4 ? args[3] : null);
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
