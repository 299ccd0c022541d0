using System.CommandLine;
using Sim.Training.Gemm;

namespace Sim.Cli.Commands;

/// <summary><c>satsim bench gemm</c>: GEMM throughput of the training engine as one JSON line.</summary>
internal static class BenchGemmCommand
{
    public static Command Create()
    {
        var m = new Option<int>("--m") { Description = "Rows of C.", DefaultValueFactory = _ => 1024 };
        var n = new Option<int>("--n") { Description = "Columns of C.", DefaultValueFactory = _ => 1024 };
        var k = new Option<int>("--k") { Description = "Reduction length.", DefaultValueFactory = _ => 1024 };
        var repeat = new Option<int>("--repeat") { Description = "Timed runs (best is reported).", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: processor count).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("gemm", "Measure single-precision GEMM throughput (GFLOP/s) of the training engine.");
        command.Options.Add(m);
        command.Options.Add(n);
        command.Options.Add(k);
        command.Options.Add(repeat);
        command.Options.Add(threads);
        command.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            int vm = parse.GetValue(m), vn = parse.GetValue(n), vk = parse.GetValue(k), vr = parse.GetValue(repeat), vt = parse.GetValue(threads);
            if (vm < 1 || vn < 1 || vk < 1 || vr < 1 || vt < 1 || (long)vm * vn > 1L << 28 || (long)vm * vk > 1L << 28 || (long)vk * vn > 1L << 28)
            {
                throw new Sim.Studies.Errors.UsageException("--m, --n, --k, --repeat and --threads must be positive and each matrix at most 2^28 values");
            }
            ctx.Out.WriteLine(GemmBenchmark.Run(vm, vn, vk, vr, vt).ToJson());
            return CliApp.Ok;
        }));
        return command;
    }
}
