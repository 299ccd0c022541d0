using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// Product of two activations, [B, L.., M, K] x [B, L.., K, N] -> [B, L.., M, N] (attention's Q K^T and A V):
/// no weights, so no N:M mask ever applies; backward dA = dY B^T, dB = A^T dY per matrix.
/// </summary>
public sealed class BatchedMatMul : MultiInputLayer
{
    private Tensor? _a, _b, _y, _da, _db;

    public override Tensor Forward(IReadOnlyList<Tensor> inputs, RunContext ctx)
    {
        var (a, b) = (_a, _b) = (inputs[0], inputs[1]);
        var (count, m, k, n) = Dims(a, b);
        var y = Tensor.Ensure(ref _y, [.. a.Shape.Take(a.Rank - 1), n]);
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = (long)count * m * n * k > 1 << 16 ? Environment.ProcessorCount : 1 }, c =>
        {
            var ad = a.Span.Slice(c * m * k, m * k);
            var bd = b.Span.Slice(c * k * n, k * n);
            var yd = y.Span.Slice(c * m * n, m * n);
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    var s = 0f;
                    for (var q = 0; q < k; q++)
                    {
                        s += ad[i * k + q] * bd[q * n + j];
                    }
                    yd[i * n + j] = s;
                }
            }
        });
        return y;
    }

    public override IReadOnlyList<Tensor> BackwardAll(Tensor dy, RunContext ctx)
    {
        var (a, b) = (_a!, _b!);
        var (count, m, k, n) = Dims(a, b);
        var da = Tensor.Ensure(ref _da, a.Shape.ToArray());
        var db = Tensor.Ensure(ref _db, b.Shape.ToArray());
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = (long)count * m * n * k > 1 << 16 ? Environment.ProcessorCount : 1 }, c =>
        {
            var ad = a.Span.Slice(c * m * k, m * k);
            var bd = b.Span.Slice(c * k * n, k * n);
            var gd = dy.Span.Slice(c * m * n, m * n);
            var dad = da.Span.Slice(c * m * k, m * k);
            var dbd = db.Span.Slice(c * k * n, k * n);
            for (var i = 0; i < m; i++)
            {
                for (var q = 0; q < k; q++)
                {
                    var s = 0f;
                    for (var j = 0; j < n; j++)
                    {
                        s += gd[i * n + j] * bd[q * n + j];
                    }
                    dad[i * k + q] = s;
                }
            }
            for (var q = 0; q < k; q++)
            {
                for (var j = 0; j < n; j++)
                {
                    var s = 0f;
                    for (var i = 0; i < m; i++)
                    {
                        s += ad[i * k + q] * gd[i * n + j];
                    }
                    dbd[q * n + j] = s;
                }
            }
        });
        return [da, db];
    }

    private static (int Count, int M, int K, int N) Dims(Tensor a, Tensor b)
    {
        if (a.Rank < 3 || a.Rank != b.Rank || a[a.Rank - 1] != b[b.Rank - 2])
        {
            throw new ArgumentException($"matmul: cannot multiply {a.ShapeText} by {b.ShapeText}");
        }
        int m = a[a.Rank - 2], k = a[a.Rank - 1], n = b[b.Rank - 1];
        return (a.Length / (m * k), m, k, n);
    }
}
