namespace Sim.Workloads.Lowering;

/// <summary>
/// Which operand of a GEMM (M x K) * (K x N) carries N:M sparsity. Convention of the lowering: weights are
/// the right operand B (K x N) in FP and BP; WG and the attention matmuls have no weight operand.
/// </summary>
public enum GemmOperand
{
    None,
    /// <summary>The left operand, M x K.</summary>
    A,
    /// <summary>The right operand, K x N.</summary>
    B,
}
