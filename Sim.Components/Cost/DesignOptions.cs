using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Cost;

/// <summary>
/// What the resource and power model needs beyond <see cref="Config.HardwareConfig"/>: the operand format the PEs are
/// built for (default: implied by <c>OperandBytes</c>), the N:M pattern the sparse hardware is built for (its M sizes the
/// PE's activation selection and the sorter lanes; <see cref="NmPattern.Dense"/> builds dense-only PEs), and the share of
/// each resource a design may use before it counts as not fitting (1.0: all of it).
/// </summary>
public sealed record DesignOptions
{
    public OperandPrecision? Precision { get; init; }
    public NmPattern Sparsity { get; init; } = new(2, 8);
    public double MaxUtilization { get; init; } = 1.0;

    /// <summary>Per-buffer choice of RAM primitive; absent buffers are placed automatically (<see cref="ResourceModel"/>).</summary>
    public IReadOnlyDictionary<BufferKind, MemoryPrimitive> BufferPrimitives { get; init; } = new Dictionary<BufferKind, MemoryPrimitive>();

    public static DesignOptions Default { get; } = new();
}
