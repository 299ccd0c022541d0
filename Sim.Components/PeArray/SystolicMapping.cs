using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.PeArray;

/// <summary>
/// How a GEMM (M x K) * (K x N) lands on a systolic array for one dataflow, in the terms of SCALE-Sim's
/// description (Samajdar et al., ISPASS 2020, Table III / eq. 2): spatial rows Sr, spatial columns Sc and
/// temporal length T. OS: Sr = M, Sc = N, T = K. WS: Sr = K, Sc = N, T = M. IS: Sr = K, Sc = M, T = N.
/// With an N:M sparse weight operand the reduction length K is replaced by its compressed length
/// (<see cref="NmPattern.Kept"/>): a PE holds a kept weight and selects its activation out of the M-wide group,
/// so zero weights take neither a cycle nor a PE.
/// </summary>
public readonly record struct SystolicMapping(long Sr, long Sc, long T)
{
    public static SystolicMapping For(Dataflow dataflow, long m, long n, long k, NmPattern sparsity)
    {
        if (m <= 0 || n <= 0 || k <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"GEMM dimensions must be >= 1 (got M={m}, N={n}, K={k})");
        }
        var kk = sparsity.Kept(k);
        return dataflow switch
        {
            Dataflow.OutputStationary => new SystolicMapping(m, n, kk),
            Dataflow.WeightStationary => new SystolicMapping(kk, n, m),
            Dataflow.InputStationary => new SystolicMapping(kk, m, n),
            _ => throw new ArgumentOutOfRangeException(nameof(dataflow), dataflow, "unknown dataflow"),
        };
    }
}
