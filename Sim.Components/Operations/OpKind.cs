namespace Sim.Components.Operations;

/// <summary>What a hardware operation does and therefore which component executes it.</summary>
public enum OpKind
{
    /// <summary>DRAM to an on-chip buffer (<see cref="Operation.Buffer"/>, <see cref="Operation.Bytes"/>).</summary>
    Load,
    /// <summary>An on-chip buffer to DRAM.</summary>
    Store,
    /// <summary>One GEMM tile on the PE array: (M x K) * (K x N), weight operand possibly N:M sparse along K.</summary>
    Gemm,
    /// <summary>Element-wise or reduction work on the vector engine (<see cref="Operation.VectorOp"/>, <see cref="Operation.Elements"/>).</summary>
    Vector,
    /// <summary>N:M weight generation in the sparse online reduction engine (<see cref="Operation.Groups"/> groups of M).</summary>
    SparseGen,
}
