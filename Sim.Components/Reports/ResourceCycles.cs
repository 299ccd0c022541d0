namespace Sim.Components.Reports;

/// <summary>
/// Cycles each resource would need for some work if every other resource were infinitely fast ("alone" cycles):
/// the PE array's folds at full operand bandwidth; each buffer's operand bytes at its read bandwidth; DRAM bytes at
/// peak bandwidth; the vector and sparse-generation engines' busy cycles. The largest is a lower bound on the work's
/// span; setting one resource free removes its term. Definitions in docs/metrics.md ("Bottleneck attribution").
/// </summary>
public readonly record struct ResourceCycles(
    long Compute, long InputBandwidth, long WeightBandwidth, long IndexBandwidth, long Dram, long Vector, long SparseGen)
{
    /// <summary>The alone cycles of one resource (<see cref="Bound.Dependence"/> is no resource: 0).</summary>
    public long this[Bound resource] => resource switch
    {
        Bound.Compute => Compute,
        Bound.InputBandwidth => InputBandwidth,
        Bound.WeightBandwidth => WeightBandwidth,
        Bound.IndexBandwidth => IndexBandwidth,
        Bound.Dram => Dram,
        Bound.Vector => Vector,
        Bound.SparseGen => SparseGen,
        _ => 0,
    };

    /// <summary>The resource with the most alone cycles (the first in report order on a tie; compute when all are 0).</summary>
    public Bound Largest
    {
        get
        {
            var best = Bound.Compute;
            foreach (var r in BoundNames.Resources)
            {
                if (this[r] > this[best]) best = r;
            }
            return best;
        }
    }

    /// <summary>The largest alone cycles: no schedule of this work can be shorter.</summary>
    public long Max => this[Largest];
}
