using Sim.Components.Config.Schema;

namespace Sim.Components.Config;

/// <summary>
/// Cost of one element-wise operation kind on one vector lane: cycles per element in steady state and a
/// pipeline latency paid once per operation. Kept per kind because an FP32 momentum update costs more than a ReLU.
/// </summary>
public sealed record VectorOpCost(double CyclesPerElement, int Latency)
{
    /// <summary>The scenario keys of one cost (<c>vector.default_cost</c>, <c>vector.costs.relu</c>, ...), declared once.</summary>
    /// <remarks>
    /// Ranges: 10^-6 to 10^6 cycles per element per lane (an operation is never free: 0 would make a layer take
    /// no time at all, which the earlier hand-written check refused too); a latency of 0 to 2^24 cycles.
    /// </remarks>
    public static BlockSchema Schema { get; } = Param.Block("cost", "the cost of one element-wise operation kind on one lane", new VectorOpCost(1, 4),
        Param.Number<VectorOpCost>("cycles_per_element", nameof(CyclesPerElement), "cycles", 1e-6, 1e6, "[model]", "steady-state cycles per element per lane", c => c.CyclesPerElement, (c, v) => c with { CyclesPerElement = v }),
        Param.Integer<VectorOpCost>("latency", nameof(Latency), "cycles", 0, 1 << 24, "[model]", "pipeline latency paid once per operation", c => c.Latency, (c, v) => c with { Latency = v }));
}
