using Sim.Vocabulary;

namespace Sim.Workloads.Lowering;

/// <summary>
/// One layer-level operation of a training iteration: a GEMM with its M, N, K, an element-wise operation
/// with its element count, or an N:M weight generation with its group count. Produced by the workload
/// lowering (what an iteration must do) and by the functional engine's recorder (what it did), so the two
/// can be compared and the timing simulator can consume either. Build instances with the factory methods,
/// which compute the byte counts in one place.
/// </summary>
/// <remarks>
/// GEMM convention: output M x N, reduction K, left operand A (M x K), right operand B (K x N). A sparse
/// operand is compressed along K in groups of <see cref="NmPattern.M"/>. Byte counts: operands in
/// <see cref="ElementBytes"/> (FP16 = 2 by default, SAT's mixed precision), kept values only for the sparse
/// operand plus ceil(log2 M)-bit indices (docs/sat.md [model]).
/// </remarks>
public sealed record LayerOp
{
    /// <summary>Model layer name ("layer1.0.conv1").</summary>
    public required string Layer { get; init; }

    public required Stage Stage { get; init; }

    public required LayerOpKind Kind { get; init; }

    /// <summary>
    /// What exactly: for GEMMs "conv", "conv_bp_phase0", "linear", "qkv", "qk", "av", "proj", ...;
    /// for element-wise "relu_fwd", "bn_bwd", "sgd_momentum", ...; for generation "nm_gen".
    /// </summary>
    public required string Op { get; init; }

    public long M { get; init; }

    public long N { get; init; }

    public long K { get; init; }

    /// <summary>Independent GEMM instances of this shape (batch x heads for attention matmuls), 1 otherwise.</summary>
    public long Count { get; init; } = 1;

    public GemmOperand SparseOperand { get; init; } = GemmOperand.None;

    /// <summary>Weight dimension the N:M groups run along (for GEMMs and generation).</summary>
    public WeightDimension SparseAlong { get; init; } = WeightDimension.None;

    public NmPattern Sparsity { get; init; } = NmPattern.Dense;

    /// <summary>Elements processed by an element-wise operation.</summary>
    public long Elements { get; init; }

    /// <summary>M-wide groups sorted by a generation operation.</summary>
    public long Groups { get; init; }

    public long BytesIn { get; init; }

    public long BytesOut { get; init; }

    /// <summary>Bytes per operand element this operation was costed with.</summary>
    public int ElementBytes { get; init; } = 2;

    public bool IsSparse => Kind == LayerOpKind.Gemm && SparseOperand != GemmOperand.None && !Sparsity.IsDense;

    /// <summary>All multiply-accumulates: M * N * K * Count (0 for non-GEMMs).</summary>
    public long DenseMacs => Kind == LayerOpKind.Gemm ? checked(M * N * K * Count) : 0;

    /// <summary>Multiply-accumulates on kept weights only: K shrinks to the kept values of each N:M group.</summary>
    public long EffectiveMacs => Kind == LayerOpKind.Gemm ? checked(M * N * (IsSparse ? Sparsity : NmPattern.Dense).Kept(K) * Count) : 0;

    /// <summary>Bytes of a K x cols operand stored N:M compressed along K: kept values plus their in-group indices.</summary>
    public static long CompressedBytes(long k, long cols, NmPattern pattern, int elementBytes)
        => pattern.CompressedBytes(checked(pattern.Kept(k) * cols), elementBytes);

    /// <summary>A GEMM (M x K) * (K x N), <paramref name="count"/> times, with the byte counts derived from the shapes.</summary>
    public static LayerOp Gemm(string layer, Stage stage, string op, long m, long n, long k, long count = 1,
        NmPattern? sparsity = null, GemmOperand sparseOperand = GemmOperand.None, WeightDimension along = WeightDimension.None, int elementBytes = 2)
    {
        if (m < 1 || n < 1 || k < 1 || count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"GEMM {layer}/{op}: dimensions must be >= 1 (M={m}, N={n}, K={k}, count={count})");
        }
        var pattern = sparsity ?? NmPattern.Dense;
        if (pattern.IsDense)
        {
            sparseOperand = GemmOperand.None;
            along = WeightDimension.None;
        }
        else if (sparseOperand == GemmOperand.None)
        {
            throw new ArgumentException($"GEMM {layer}/{op}: a sparse pattern {pattern} needs a sparse operand");
        }
        // Shapes come from user-chosen batch and image sizes: products are checked so a huge model is an error, not a wrapped count.
        var aBytes = sparseOperand == GemmOperand.A ? CompressedBytes(k, m, pattern, elementBytes) : checked(m * k * elementBytes);
        var bBytes = sparseOperand == GemmOperand.B ? CompressedBytes(k, n, pattern, elementBytes) : checked(k * n * elementBytes);
        var bytesIn = checked((aBytes + bBytes) * count);
        var bytesOut = checked(m * n * elementBytes * count);
        return new LayerOp
        {
            Layer = layer,
            Stage = stage,
            Kind = LayerOpKind.Gemm,
            Op = op,
            M = m,
            N = n,
            K = k,
            Count = count,
            Sparsity = pattern,
            SparseOperand = sparseOperand,
            SparseAlong = along,
            BytesIn = bytesIn,
            BytesOut = bytesOut,
            ElementBytes = elementBytes,
        };
    }

    /// <summary>
    /// An element-wise operation over <paramref name="elements"/> values that reads <paramref name="tensorsIn"/>
    /// and writes <paramref name="tensorsOut"/> tensors of that size.
    /// </summary>
    public static LayerOp ElementWise(string layer, Stage stage, string op, long elements, int tensorsIn, int tensorsOut, int elementBytes = 2) => new()
    {
        Layer = layer,
        Stage = stage,
        Kind = LayerOpKind.ElementWise,
        Op = op,
        Elements = elements,
        BytesIn = elements * tensorsIn * elementBytes,
        BytesOut = elements * tensorsOut * elementBytes,
        ElementBytes = elementBytes,
    };

    /// <summary>
    /// Generation of an N:M sparse weight from <paramref name="weights"/> dense FP32 master values grouped along
    /// <paramref name="along"/>: reads the dense weights, writes the compressed FP16 values and indices.
    /// </summary>
    public static LayerOp SparseGen(string layer, long weights, NmPattern pattern, WeightDimension along, int elementBytes = 2)
    {
        if (pattern.IsDense || weights % pattern.M != 0)
        {
            throw new ArgumentException($"generation {layer}: expects a sparse pattern whose M divides the {weights} weights, got {pattern}");
        }
        var groups = weights / pattern.M;
        var kept = groups * pattern.N;
        return new LayerOp
        {
            Layer = layer,
            Stage = Stage.Gen,
            Kind = LayerOpKind.SparseGen,
            Op = "nm_gen",
            Groups = groups,
            Sparsity = pattern,
            SparseAlong = along,
            BytesIn = weights * 4,
            BytesOut = pattern.CompressedBytes(kept, elementBytes),
            ElementBytes = elementBytes,
        };
    }
}
