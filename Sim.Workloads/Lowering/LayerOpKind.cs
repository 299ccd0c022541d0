namespace Sim.Workloads.Lowering;

/// <summary>What a layer-level operation is, which decides the engine that runs it.</summary>
public enum LayerOpKind
{
    /// <summary>A (batched) matrix multiply on the PE array: (M x K) * (K x N), Count times.</summary>
    Gemm,
    /// <summary>Element-wise or reduction work on the vector engine (activations, normalization, pooling, loss, update).</summary>
    ElementWise,
    /// <summary>Top-N selection of N:M groups in the sparse online reduction engine (mask and compressed weights).</summary>
    SparseGen,
}
