using Sim.Vocabulary;
using Sim.Workloads.Models;

namespace Sim.Workloads.Lowering;

/// <summary>Dense and effective (kept-weight) multiply-accumulates of one stage of an iteration.</summary>
public sealed record StageMacs(long DenseMacs, long EffectiveMacs);

/// <summary>
/// The work of one iteration summed per stage: what <c>satsim workload</c> prints and what the ideal-speedup
/// argument of docs/sat.md is about. FP, BP and WG count GEMM multiply-accumulates; WU counts the SGD-momentum
/// multiply-adds (<see cref="LoweringOptions.UpdateMacsPerParameter"/> per parameter; dense master weights, so
/// effective equals dense); N:M generation is reported as groups, not MACs. Sums are checked: a total beyond
/// 2^63 throws <see cref="OverflowException"/> rather than printing a wrapped (smaller than a stage) number.
/// </summary>
public sealed record StageSummary(long Parameters, StageMacs Fp, StageMacs Bp, StageMacs Wg, StageMacs Wu, long GenGroups, long Operations)
{
    public long DenseTotal => checked(Fp.DenseMacs + Bp.DenseMacs + Wg.DenseMacs + Wu.DenseMacs);

    public long EffectiveTotal => checked(Fp.EffectiveMacs + Bp.EffectiveMacs + Wg.EffectiveMacs + Wu.EffectiveMacs);

    /// <summary>Dense total over effective total: the speedup if time were proportional to kept MACs.</summary>
    public double IdealSpeedup => (double)DenseTotal / EffectiveTotal;

    /// <summary>Sums the lowered operations of one iteration (streams; nothing is kept).</summary>
    public static StageSummary Of(ModelGraph model, LoweringOptions options)
    {
        var dense = new long[5];
        var effective = new long[5];
        long groups = 0, count = 0;
        foreach (var op in IterationLowering.Lower(model, options))
        {
            count++;
            checked
            {
                dense[(int)op.Stage] += op.DenseMacs;
                effective[(int)op.Stage] += op.EffectiveMacs;
                groups += op.Groups;
            }
        }
        var wu = checked(model.ParameterCount * LoweringOptions.UpdateMacsPerParameter);
        return new StageSummary(
            model.ParameterCount,
            new(dense[(int)Stage.FP], effective[(int)Stage.FP]),
            new(dense[(int)Stage.BP], effective[(int)Stage.BP]),
            new(dense[(int)Stage.WG], effective[(int)Stage.WG]),
            new(wu, wu),
            groups,
            count);
    }
}
