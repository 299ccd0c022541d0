using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Components.PeArray;
using Sim.Workloads.Lowering;

namespace Sim.Workloads.Tiling;

/// <summary>
/// Offline scheduling (SAT.md): picks, per GEMM (i.e. per layer and stage), the dataflow (OS or WS), tile
/// sizes and loop order that minimise a cost model; with offline scheduling switched off it returns a fixed
/// plan (OS, M-N-K order, array-sized M and N tiles, the longest K tile that fits), the unscheduled baseline.
/// </summary>
/// <remarks>
/// Cost model: compute = sum over tiles of the closed-form systolic cycles (<see cref="SystolicTiming"/>, fold
/// overlap when interleave mapping is on); DRAM bytes = operand blocks loaded each time they change along the
/// tile sequence plus partial-sum spills when K is not innermost; estimate = max(compute, bytes / DRAM bytes
/// per cycle) + the first tile's load (nothing overlaps it). Ties go to fewer DRAM bytes, then to the first
/// candidate, so plans are deterministic.
/// </remarks>
public static class GemmPlanner
{
    private static readonly Dataflow[] Dataflows = [Dataflow.OutputStationary, Dataflow.WeightStationary];

    public static GemmPlan Plan(long m, long n, long k, NmPattern p, HardwareConfig hw)
    {
        var interleave = hw.Optimizations.Interleave ? 2 : 1;
        if (!hw.Optimizations.OfflineScheduling)
        {
            var tm = (int)Math.Min(m, hw.ArrayRows);
            var tn = (int)Math.Min(n, hw.ArrayCols);
            foreach (var tk in KCandidates(k, p).Reverse())
            {
                var loops = new TileLoops(LoopOrder.MNK, Ceil(m, tm), Ceil(n, tn), Ceil(k, tk), interleave);
                if (TileBytes.Fits(tm, tn, tk, p, loops.Width, hw))
                {
                    return Estimate(m, n, k, p, hw, tm, tn, tk, Dataflow.OutputStationary, LoopOrder.MNK, interleave);
                }
            }
            throw NoFit(m, n, k, p);
        }
        GemmPlan? best = null;
        foreach (var tm in Candidates(m, hw.ArrayRows))
        {
            foreach (var tn in Candidates(n, hw.ArrayCols))
            {
                foreach (var tk in KCandidates(k, p))
                {
                    if (!TileBytes.Fits(tm, tn, tk, p, 1, hw))
                    {
                        continue;
                    }
                    foreach (var order in Enum.GetValues<LoopOrder>())
                    {
                        var loops = new TileLoops(order, Ceil(m, tm), Ceil(n, tn), Ceil(k, tk), interleave);
                        if (!TileBytes.Fits(tm, tn, tk, p, loops.Width, hw))
                        {
                            continue;
                        }
                        foreach (var df in Dataflows)
                        {
                            var plan = Estimate(m, n, k, p, hw, tm, tn, tk, df, order, interleave);
                            if (best is null || plan.EstimatedCycles < best.EstimatedCycles
                                || (plan.EstimatedCycles == best.EstimatedCycles && plan.EstimatedDramBytes < best.EstimatedDramBytes))
                            {
                                best = plan;
                            }
                        }
                    }
                }
            }
        }
        return best ?? throw NoFit(m, n, k, p);
    }

    /// <summary>The cost-model estimate of one candidate plan.</summary>
    public static GemmPlan Estimate(long m, long n, long k, NmPattern p, HardwareConfig hw, int tm, int tn, int tk, Dataflow df, LoopOrder order, int interleave)
    {
        long nm = Ceil(m, tm), nn = Ceil(n, tn), nk = Ceil(k, tk);
        var loops = new TileLoops(order, nm, nn, nk, interleave);
        long compute = 0;
        Span<(long Size, long Count)> mParts = stackalloc (long, long)[2], nParts = stackalloc (long, long)[2], kParts = stackalloc (long, long)[2];
        foreach (var (sm, cm) in Split(m, tm, mParts))
        {
            foreach (var (sn, cn) in Split(n, tn, nParts))
            {
                foreach (var (sk, ck) in Split(k, tk, kParts))
                {
                    compute += cm * cn * ck * SystolicTiming.For(hw.ArrayRows, hw.ArrayCols, df, sm, sn, sk, p).Cycles(hw.Optimizations.Interleave);
                }
            }
        }
        var aTotal = (double)m * k * hw.OperandBytes;
        var bTotal = (double)LayerOp.KeptAlongK(k, p) * n * hw.OperandBytes + (p.IsDense ? 0 : LayerOp.KeptAlongK(k, p) * n * p.IndexBits / 8.0);
        var bytes = loops.Changes("MK") * aTotal / (nm * nk) + loops.Changes("KN") * bTotal / (nk * nn);
        // Interleaved blocks keep all their output tiles resident through the whole K loop: no spills. Otherwise
        // every visit of an output tile beyond its first leaves a partial sum to store and load back.
        var spills = loops.Width > 1 ? 0 : loops.Changes("MN") - nm * nn;
        bytes += (double)m * n * hw.OperandBytes + spills * 2.0 * m * n * hw.AccumulatorBytes / (nm * nn);
        var bytesPerCycle = hw.Dram.BytesPerCycle(hw.ClockMHz);
        var first = (TileBytes.A(Math.Min(m, tm), Math.Min(k, tk), hw) + TileBytes.B(Math.Min(k, tk), Math.Min(n, tn), p, hw)) / bytesPerCycle;
        var dramBytes = (long)Math.Ceiling(bytes);
        var cycles = (long)Math.Ceiling(Math.Max(compute, bytes / bytesPerCycle) + first);
        return new GemmPlan(tm, tn, tk, df, order, loops.Width, compute, dramBytes, cycles);
    }

    /// <summary>Splits <paramref name="total"/> into full tiles and a remainder tile, as (size, count) parts written to
    /// <paramref name="parts"/> (room for two); returns the parts used.</summary>
    private static Span<(long Size, long Count)> Split(long total, long tile, Span<(long Size, long Count)> parts)
    {
        var n = 0;
        if (total / tile > 0)
        {
            parts[n++] = (tile, total / tile);
        }
        if (total % tile > 0)
        {
            parts[n++] = (total % tile, 1);
        }
        return parts[..n];
    }

    /// <summary>Tile sizes along M or N: the array dimension times powers of two, and the whole dimension.</summary>
    internal static IEnumerable<int> Candidates(long dim, int granule)
    {
        for (long v = granule; v < dim; v *= 2)
        {
            yield return (int)v;
        }
        yield return (int)dim;
    }

    /// <summary>Tile sizes along K: multiples of the N:M group (so groups never straddle tiles) doubling from 32, and K itself.</summary>
    internal static IEnumerable<int> KCandidates(long k, NmPattern p)
    {
        var unit = p.IsDense ? 1 : p.M;
        var v = (Math.Max(32, unit) + unit - 1) / unit * unit;
        var list = new List<int>();
        for (long x = v; x < k; x *= 2)
        {
            list.Add((int)x);
        }
        list.Add((int)k);
        return list;
    }

    private static long Ceil(long a, long b) => (a + b - 1) / b;

    private static InvalidOperationException NoFit(long m, long n, long k, NmPattern p) =>
        new($"GEMM {m}x{n}x{k} ({p}) has no tiling whose operands fit the buffers with double buffering; enlarge the buffers");
}
