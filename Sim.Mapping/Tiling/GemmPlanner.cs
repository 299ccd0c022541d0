using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.PeArray;
using Sim.Workloads.Lowering;

namespace Sim.Mapping.Tiling;

/// <summary>
/// Offline scheduling (docs/sat.md): picks, per GEMM (i.e. per layer and stage), the dataflow (OS or WS), tile
/// sizes and loop order that minimise a cost model; with offline scheduling switched off it returns a fixed
/// plan (OS, M-N-K order, array-sized M and N tiles, the longest K tile that fits), the unscheduled baseline.
/// </summary>
/// <remarks>
/// Cost model, per candidate: compute = sum over tiles of the closed-form systolic cycles (<see cref="SystolicTiming"/>,
/// fold overlap when interleave mapping is on); DRAM bytes = operand blocks loaded each time they change along the tile
/// sequence, plus partial-sum spills when K is not innermost, plus the final outputs (exactly what the emitter moves).
/// Cycles follow the emitted schedule's double buffering: each operand has two ping-pong halves, so the loads of the
/// next tile overlap the current tile's compute and a tile takes max(its compute, its loads and stores / DRAM bytes per
/// cycle). The tiles where a block changes are nested sets along the loop nest (an operand indexed by outer loops
/// changes only where one indexed by inner loops also changes), so three classes (both operands change, one changes,
/// neither) give the sum in closed form; the first tile's loads and the last output store do not overlap anything.
/// The objective is the GEMM's estimated energy under the configuration's energy table: cycles at the static power
/// plus DRAM bytes at the DRAM energy (the MACs cost the same in every plan), so a plan that saves DRAM traffic wins
/// when it costs fewer cycles than that traffic is worth. Ties go to fewer DRAM bytes, then fewer cycles, then the
/// first candidate, so plans are deterministic. A larger buffer only adds candidates: its plan never has a higher
/// objective than a smaller buffer's.
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
                            if (best is null || Better(plan, best, hw))
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
        long compute = 0, backToBack = 0;
        var overlap = hw.Optimizations.Interleave;
        var slow = BufferBandwidth.For(hw, p).Slowdown;
        Span<(long Size, long Count)> mParts = stackalloc (long, long)[2], nParts = stackalloc (long, long)[2], kParts = stackalloc (long, long)[2];
        foreach (var (sm, cm) in Split(m, tm, mParts))
        {
            foreach (var (sn, cn) in Split(n, tn, nParts))
            {
                foreach (var (sk, ck) in Split(k, tk, kParts))
                {
                    var t = SystolicTiming.For(hw.ArrayRows, hw.ArrayCols, df, sm, sn, sk, p);
                    // As the PE array times it: streaming slowed by the buffers' banks; a tile that directly follows
                    // another skips fill and drain (fold overlap).
                    var slowed = slow > 1.0 ? (long)Math.Ceiling(t.StreamCycles * (slow - 1.0)) : 0;
                    var count = cm * cn * ck;
                    compute += count * (t.Cycles(overlap) + slowed);
                    backToBack += count * ((overlap ? t.Folds * Math.Max(t.Mapping.T, t.Rows) : t.SerialCycles) + slowed);
                }
            }
        }
        var aTotal = (double)m * k * hw.OperandBytes;
        var bTotal = (double)p.Kept(k) * n * hw.OperandBytes + (p.IsDense ? 0 : p.Kept(k) * n * p.IndexBits / 8.0);
        var aBlock = aTotal / (nm * nk);
        var bBlock = bTotal / (nk * nn);
        long changesA = loops.Changes("MK"), changesB = loops.Changes("KN"), changesOut = loops.Changes("MN");
        // Interleaved blocks keep all their output tiles resident through the whole K loop: no spills. Otherwise
        // every visit of an output tile beyond its first leaves a partial sum to store and load back.
        var spills = loops.Width > 1 ? 0 : changesOut - nm * nn;
        var outBlock = (double)m * n * hw.OperandBytes / (nm * nn);
        var spillBlock = 2.0 * m * n * hw.AccumulatorBytes / (nm * nn);
        var bytes = changesA * aBlock + changesB * bBlock + nm * nn * outBlock + spills * spillBlock;
        var bytesPerCycle = hw.Dram.BytesPerCycle(hw.ClockMHz);
        var tiles = nm * nn * nk;
        // A tile whose loads outlast the previous tile's compute starts late and pays fill and drain again.
        var perTile = (double)backToBack / tiles;
        var perTileAlone = (double)compute / tiles;
        // Nested change sets: the operand changing less often changes only on tiles where the other changes too.
        long both = Math.Min(changesA, changesB), one = Math.Max(changesA, changesB) - both;
        var oneBlock = changesA >= changesB ? aBlock : bBlock;
        // Output traffic (stores, spills) spread over the tiles where the output tile changes.
        var outPerChange = (nm * nn * outBlock + spills * spillBlock) / changesOut;
        // A tile's loads are issued when the tile two back (the other ping-pong half) is done, so they must cover the
        // DRAM latency too within one tile's compute for the next tile to follow without a gap.
        var latency = hw.NsToCycles(hw.Dram.LatencyNs);
        double Tile(double loadBytes)
        {
            var need = latency + loadBytes / bytesPerCycle;
            return need > perTile ? Math.Max(perTileAlone, need) : perTile;
        }
        // Output changes are nested with the operand changes too; attribute them to the busiest tiles first.
        var outOnBoth = Math.Min(changesOut, both);
        var outOnOne = Math.Min(changesOut - outOnBoth, one);
        var outOnNone = changesOut - outOnBoth - outOnOne;
        var steady = outOnBoth * Tile(aBlock + bBlock + outPerChange) + (both - outOnBoth) * Tile(aBlock + bBlock)
            + outOnOne * Tile(oneBlock + outPerChange) + (one - outOnOne) * Tile(oneBlock)
            + outOnNone * Tile(outPerChange) + (tiles - both - one - outOnNone) * perTile;
        // The first tile's loads are exposed (below), not overlapped: it counts its compute only.
        if (both > 0)
        {
            steady -= (outOnBoth > 0 ? Tile(aBlock + bBlock + outPerChange) : Tile(aBlock + bBlock)) - perTileAlone;
        }
        var first = (TileBytes.A(Math.Min(m, tm), Math.Min(k, tk), hw) + TileBytes.B(Math.Min(k, tk), Math.Min(n, tn), p, hw)) / bytesPerCycle;
        var last = outBlock / bytesPerCycle;
        var dramBytes = (long)Math.Ceiling(bytes);
        var cycles = (long)Math.Ceiling(Math.Max(steady, bytes / bytesPerCycle) + first + last);
        return new GemmPlan(tm, tn, tk, df, order, loops.Width, compute, dramBytes, cycles);
    }

    /// <summary>
    /// The planner's objective: estimated joules of the plan's time at the static power and of its DRAM traffic, in
    /// picojoules (the MAC energy is the same for every plan of a GEMM).
    /// </summary>
    public static double Objective(GemmPlan plan, HardwareConfig hw) =>
        plan.EstimatedCycles * hw.Energy.StaticPowerW / (hw.ClockMHz * 1e6) * 1e12 + plan.EstimatedDramBytes * hw.Energy.DramPjPerByte;

    private static bool Better(GemmPlan a, GemmPlan b, HardwareConfig hw)
    {
        var oa = Objective(a, hw);
        var ob = Objective(b, hw);
        if (oa != ob)
        {
            return oa < ob;
        }
        return a.EstimatedDramBytes != b.EstimatedDramBytes ? a.EstimatedDramBytes < b.EstimatedDramBytes : a.EstimatedCycles < b.EstimatedCycles;
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
