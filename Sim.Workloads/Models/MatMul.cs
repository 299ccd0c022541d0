namespace Sim.Workloads.Models;

/// <summary>
/// Product of two activations, (L.., M, K) x (L.., K, N) -> (L.., M, N) per sample with equal leading dimensions
/// L (heads): attention's Q K^T and A V in imported transformers. Neither operand is a weight, so N:M sparsity
/// never applies to it, in any stage.
/// </summary>
public sealed record MatMul(string Name, string Left, string Right) : Layer(Name, [Left, Right])
{
    public override string Kind => "matmul";

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 2);
        var (a, b) = (inputs[0], inputs[1]);
        Require(a.Rank >= 2 && a.Rank == b.Rank, $"expects two operands of equal rank >= 2, got {a} and {b}");
        Require(a.Dims.Take(a.Rank - 2).SequenceEqual(b.Dims.Take(b.Rank - 2)), $"expects equal leading dimensions, got {a} and {b}");
        Require(a.Last == b[b.Rank - 2], $"expects the left operand's last dimension to equal the right one's rows, got {a} and {b}");
        var dims = a.Dims.ToArray();
        dims[^1] = b.Last;
        return new TensorShape(dims);
    }

    /// <summary>The GEMM shape per sample: (count of independent products, M, N, K).</summary>
    public static (long Count, long M, long N, long K) Shape(TensorShape left, TensorShape right)
    {
        long count = 1;
        for (var i = 0; i < left.Rank - 2; i++)
        {
            count *= left[i];
        }
        return (count, left[left.Rank - 2], right.Last, left.Last);
    }

    public override long ForwardMacs(IReadOnlyList<TensorShape> inputs, TensorShape output)
    {
        var (count, m, n, k) = Shape(inputs[0], inputs[1]);
        return count * m * n * k;
    }
}
