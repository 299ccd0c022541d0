namespace Sim.Studies.Baselines;

/// <summary>
/// The simulated design's figures that baselines are compared against. <see cref="EffectiveGops"/>
/// counts only operations on kept (non-zero) weights, i.e. work actually done; <see cref="DenseEquivalentGops"/>
/// credits a sparse run with the dense work it replaces, which is how sparse accelerators often report
/// throughput. Both are kept so a reader can see how much of a ratio is sparsity.
/// </summary>
public sealed record DesignFigures(
    string Label,
    string Workload,
    double EffectiveGops,
    double DenseEquivalentGops,
    double? GopsPerWatt,
    double? DenseEquivalentGopsPerWatt);
