namespace Sim.Components.Reports;

/// <summary>
/// What limits a (layer, stage) of an iteration: one of the seven resources whose throughput sets a lower bound on
/// its span (<see cref="ResourceCycles"/>), or <see cref="Dependence"/> when most of the span is spent waiting on
/// dependences, latencies and pipeline fill rather than on any one resource. Names in reports are
/// <see cref="BoundNames"/> (snake case), so a user can ask "what if this were free" of the named resource.
/// </summary>
public enum Bound
{
    /// <summary>The PE array's folds at full operand bandwidth (systolic fill and drain included).</summary>
    Compute,
    /// <summary>Reading activations from the input buffer (M values per N kept weights in sparse mode).</summary>
    InputBandwidth,
    /// <summary>Reading weights from the weight buffer.</summary>
    WeightBandwidth,
    /// <summary>Reading N:M indices from the index buffer.</summary>
    IndexBandwidth,
    /// <summary>DRAM bytes at the channels' peak bandwidth.</summary>
    Dram,
    /// <summary>Element-wise work and the weight update on the vector engine.</summary>
    Vector,
    /// <summary>N:M weight generation in the sparse online reduction engine.</summary>
    SparseGen,
    /// <summary>Span not explained by any single resource: dependences, DRAM latency, pipeline fill, imperfect overlap.</summary>
    Dependence,
}
