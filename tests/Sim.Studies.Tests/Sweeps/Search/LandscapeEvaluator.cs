using System.Collections.Concurrent;
using Sim.Studies.Sweeps;

namespace Sim.Studies.Tests.Sweeps.Search;

/// <summary>
/// A synthetic design space with a closed-form optimum, standing in for the simulator in search tests.
/// images/s = rows x cols x g(input) x g(weight) with g(x) = 1 - ((x - 4) / 6)^2, and a design fits only when
/// rows x cols &lt;= 48 (more "PEs" than the device's DSPs otherwise). Over rows, cols in 1..10 and buffers in
/// 1..6 the optimum is therefore 48 (rows x cols = 6 x 8 or 8 x 6, both buffers 4); the next best design is
/// 48 x g(3) = 46.67 (2.8 % lower) and the next PE product 45 (6.25 % lower), so coming within 2 % means
/// finding one of the two optima exactly.
/// </summary>
internal sealed class LandscapeEvaluator(CancellationTokenSource? cancelAfterSource = null, int cancelAfter = int.MaxValue) : ISweepEvaluator
{
    public const double Optimum = 48;

    public const string Space = """
        workload: {model: m, batch: 1, method: bdwp, nm: "2:8"}
        grid:
          pe_rows: {from: 1, to: 10, step: 1}
          pe_cols: {from: 1, to: 10, step: 1}
          input_buffer_kib: {from: 1, to: 6, step: 1}
          weight_buffer_kib: {from: 1, to: 6, step: 1}
        """;

    /// <summary>Designs of <see cref="Space"/>.</summary>
    public const int Designs = 10 * 10 * 6 * 6;

    private int _calls;

    public ConcurrentBag<string> Evaluated { get; } = [];

    public static double G(int x) => 1 - Math.Pow((x - 4) / 6.0, 2);

    public SweepMetrics Evaluate(SweepPoint point, CancellationToken cancellation)
    {
        if (Interlocked.Increment(ref _calls) > cancelAfter)
        {
            cancelAfterSource!.Cancel();
            cancellation.ThrowIfCancellationRequested();
        }
        Evaluated.Add(point.Id);
        var rows = point.Integer(SweepAxis.PeRows)!.Value;
        var cols = point.Integer(SweepAxis.PeCols)!.Value;
        var input = point.Integer(SweepAxis.InputBufferKib)!.Value;
        var weight = point.Integer(SweepAxis.WeightBufferKib)!.Value;
        var imagesPerSecond = rows * cols * G(input) * G(weight);
        var fits = rows * cols <= 48;
        var cost = new CostMetrics("test", fits, "dsp", rows * cols / 48.0 * 100, 10, 0, 5, fits ? "" : $"needs {rows * cols} of 48 DSPs");
        return new SweepMetrics(rows * cols, (input + weight) * 1024L, 1000, 1 / imagesPerSecond, imagesPerSecond, imagesPerSecond, imagesPerSecond,
            1, imagesPerSecond, 1000, 0.5, 10, imagesPerSecond / 10, cost);
    }
}
