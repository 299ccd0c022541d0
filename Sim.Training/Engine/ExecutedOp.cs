using Sim.Components.Operations;

namespace Sim.Training.Engine;

/// <summary>Whether an executed operation ran on the GEMM engine, the vector engine or the N:M generator.</summary>
public enum ExecutedOpKind
{
    Gemm,
    Vector,
    SparseGen,
}

/// <summary>
/// One operation the functional engine actually executed in an iteration: a GEMM with its shape and
/// which operand was N:M sparse along which dimension, or an element-wise op with its element count.
/// </summary>
/// <remarks>
/// GEMM convention: Out[M x N] = A[M x K] * B[K x N], K the reduction. The sparse operand, when any, is
/// always the weight, pruned along K with <see cref="Sparsity"/>; <see cref="SparseDim"/> names the
/// weight dimension K runs over ("cin" in FP, "cout" in BP).
/// </remarks>
public sealed record ExecutedOp(string Layer, Stage Stage, ExecutedOpKind Kind)
{
    public int M { get; init; }
    public int N { get; init; }
    public int K { get; init; }
    public NmPattern Sparsity { get; init; } = NmPattern.Dense;
    public string SparseDim { get; init; } = "";
    public string VectorOp { get; init; } = "";
    public long Elements { get; init; }
    public long Groups { get; init; }

    public long DenseMacs => (long)M * N * K;

    public long EffectiveMacs => Sparsity.IsDense ? DenseMacs : (long)M * N * (K / Sparsity.M * Sparsity.N + Math.Min(K % Sparsity.M, Sparsity.N));
}
