using System.Diagnostics;
using System.Globalization;

namespace Sim.Training.Gemm;

/// <summary>
/// Measures <see cref="Sgemm"/> throughput (the training engine's speed is dominated by it) and checks a
/// sample of the result against a double-precision dot product, so a fast but wrong kernel cannot pass.
/// </summary>
public static class GemmBenchmark
{
    /// <summary>One measurement: best of <c>repeat</c> timed runs after one warm-up.</summary>
    public sealed record Result(int M, int N, int K, int Threads, string Kernel, double BestSeconds, double Gflops, double MaxRelativeError)
    {
        public string ToJson() => string.Create(CultureInfo.InvariantCulture,
            $"{{\"bench\":\"gemm\",\"m\":{M},\"n\":{N},\"k\":{K},\"threads\":{Threads},\"gemm_kernel\":\"{Kernel}\",\"seconds\":{BestSeconds:G6},\"gflops\":{Gflops:F2},\"max_rel_error\":{MaxRelativeError:E2}}}");
    }

    public static Result Run(int m, int n, int k, int repeat, int threads)
    {
        var rng = new Random(12345);
        var a = new float[(long)m * k];
        var b = new float[(long)k * n];
        var c = new float[(long)m * n];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = (float)(rng.NextDouble() * 2 - 1);
        }
        for (var i = 0; i < b.Length; i++)
        {
            b[i] = (float)(rng.NextDouble() * 2 - 1);
        }
        var saved = Sgemm.MaxThreads;
        Sgemm.MaxThreads = threads;
        try
        {
            Sgemm.Multiply(false, false, m, n, k, a, k, b, n, c, n);
            var best = double.MaxValue;
            for (var r = 0; r < Math.Max(1, repeat); r++)
            {
                var sw = Stopwatch.StartNew();
                Sgemm.Multiply(false, false, m, n, k, a, k, b, n, c, n);
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
            }
            var maxErr = 0.0;
            for (var s = 0; s < 64; s++)
            {
                var i = rng.Next(m);
                var j = rng.Next(n);
                double exact = 0, scale = 0;
                for (var p = 0; p < k; p++)
                {
                    exact += (double)a[(long)i * k + p] * b[(long)p * n + j];
                    scale += Math.Abs((double)a[(long)i * k + p] * b[(long)p * n + j]);
                }
                maxErr = Math.Max(maxErr, Math.Abs(c[(long)i * n + j] - exact) / Math.Max(scale, 1e-30));
            }
            return new Result(m, n, k, threads, Sgemm.KernelName, best, 2.0 * m * n * k / best / 1e9, maxErr);
        }
        finally
        {
            Sgemm.MaxThreads = saved;
        }
    }
}
