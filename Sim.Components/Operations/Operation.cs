using Sim.Vocabulary;

namespace Sim.Components.Operations;

/// <summary>
/// One hardware-level operation of an iteration, as the workload compiler emits it and the controller
/// executes it. Flat on purpose: one record type serializes to one trace line and streams without a
/// type hierarchy. Fields that do not apply to a <see cref="Kind"/> keep their defaults.
/// </summary>
/// <remarks>
/// Dependences: an operation may start only after every operation listed in <see cref="DependsOn"/>
/// (ids of earlier operations in the same stream) has completed. Ids increase along the stream.
/// </remarks>
public sealed record Operation
{
    /// <summary>Position in the stream, unique and increasing.</summary>
    public required long Id { get; init; }

    public required OpKind Kind { get; init; }

    /// <summary>Name of the model layer this work belongs to (e.g. "layer1.0.conv1").</summary>
    public required string Layer { get; init; }

    public required Stage Stage { get; init; }

    /// <summary>Ids of earlier operations that must complete first.</summary>
    public IReadOnlyList<long> DependsOn { get; init; } = [];

    // ---- Load / Store ----
    public BufferKind Buffer { get; init; }

    /// <summary>Bytes moved (Load/Store), or bytes read from buffers (Gemm/Vector, for energy).</summary>
    public long Bytes { get; init; }

    // ---- Gemm tile ----
    /// <summary>Rows of the output tile (e.g. batch x output pixels in FP).</summary>
    public int M { get; init; }

    /// <summary>Columns of the output tile (e.g. output channels in FP).</summary>
    public int N { get; init; }

    /// <summary>Dense reduction length of the tile (before N:M compression).</summary>
    public int K { get; init; }

    /// <summary>Pattern of the weight operand along K; <see cref="NmPattern.Dense"/> for dense tiles.</summary>
    public NmPattern Sparsity { get; init; } = NmPattern.Dense;

    public Dataflow Dataflow { get; init; } = Dataflow.OutputStationary;

    /// <summary>True when the tile adds onto partial sums already in the output buffer.</summary>
    public bool Accumulate { get; init; }

    // ---- Vector ----
    /// <summary>Element-wise kind ("relu", "bn_fwd", "bn_bwd", "maxpool", "softmax_ce", "sgd_momentum", ...).</summary>
    public string VectorOp { get; init; } = "";

    public long Elements { get; init; }

    // ---- SparseGen ----
    /// <summary>Number of M-wide groups to sort (top-N) in the sparse online reduction engine.</summary>
    public long Groups { get; init; }

    /// <summary>Dense multiply-accumulates of a Gemm tile: M * N * K.</summary>
    public long DenseMacs => checked((long)M * N * K);

    /// <summary>Multiply-accumulates on kept weights only: M * N * K * density.</summary>
    public long EffectiveMacs => Sparsity.IsDense ? DenseMacs : checked((long)M * N * Sparsity.Kept(K));
}
