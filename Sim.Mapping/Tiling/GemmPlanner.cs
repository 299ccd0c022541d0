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
/// first candidate, so plans are deterministic. The plan is not simply the best fitting candidate: it is the last
/// plan of the GEMM's monotone chain (<see cref="ChainFor"/>) that fits, so buffers at least as large in every capacity,
/// all else equal, never get a plan with more estimated cycles or more DRAM bytes (and, as both are a walk of the
/// same tiles the emitter produces, the same plan simulates identically).
/// </remarks>
public static class GemmPlanner
{
    private static readonly Dataflow[] Dataflows = [Dataflow.OutputStationary, Dataflow.WeightStationary];

    /// <summary>
    /// The plan of a GEMM: with offline scheduling the last plan of its monotone chain that fits the buffers (below
    /// the chain, the best-objective plan that fits); without it, the fixed plan.
    /// </summary>
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
        var chain = CheckedChainFor(m, n, k, p, hw);
        for (var i = chain.Plans.Count - 1; i >= 0; i--)
        {
            var plan = chain.Plans[i];
            if (TileBytes.Fits(plan.TileM, plan.TileN, plan.TileK, p, plan.Interleave, hw) && chain.Kept(i))
            {
                return plan;
            }
        }
        // The buffers hold no plan of the chain but may hold another: the chain's smallest plan is not of the least
        // footprint of all, because a plan of less footprint is faster than a plan above it. Below the chain the plan
        // is not monotone (BufferMonotonicityTests counts how often the property's layers get there).
        return PlanBestObjective(m, n, k, p, hw);
    }

    /// <summary>
    /// The plan of least objective among all candidates that fit the buffers, without the chain: the offline
    /// scheduler before it was made monotone (kept for <see cref="Plan"/> below the chain and for comparisons,
    /// docs/cost.md). Larger buffers never raise its objective, but may raise its cycles or its bytes.
    /// </summary>
    public static GemmPlan PlanBestObjective(long m, long n, long k, NmPattern p, HardwareConfig hw)
    {
        var interleave = hw.Optimizations.Interleave ? 2 : 1;
        // Every candidate's bytes and back-to-back compute are closed forms; its cycles need a walk of its tiles. Walk
        // the candidates in the order of the objective's lower bound and stop once no unwalked one can win: the result
        // is the best of all candidates, as if every one had been walked.
        var candidates = new List<(Shape Shape, double Bound)>();
        foreach (var shape in Shapes(m, n, k, p, hw, interleave))
        {
            if (TileBytes.Fits(shape.TileM, shape.TileN, shape.TileK, p, shape.Width, hw))
            {
                candidates.Add((shape, Objective(TileWalk.LowerBound(shape.BackToBack, shape.DramBytes, hw), shape.DramBytes, hw)));
            }
        }
        candidates.Sort((a, b) => a.Bound != b.Bound ? a.Bound.CompareTo(b.Bound) : a.Shape.Index.CompareTo(b.Shape.Index));
        GemmPlan? best = null;
        var bestIndex = -1;
        var bestObjective = double.PositiveInfinity;
        foreach (var (shape, bound) in candidates)
        {
            if (bound > bestObjective)
            {
                break;
            }
            var plan = Walk(m, n, k, p, hw, shape, interleave);
            var objective = Objective(plan, hw);
            if (best is null || Better(plan, objective, shape.Index, best, bestObjective, bestIndex))
            {
                best = plan;
                bestIndex = shape.Index;
                bestObjective = objective;
            }
        }
        return best ?? throw NoFit(m, n, k, p);
    }

    /// <summary>
    /// The monotone chain of a GEMM: plans in order of growing footprint, each with no more estimated cycles and no
    /// more DRAM bytes than the one before. <see cref="Plan"/> takes the last one that fits the buffers. Whether a
    /// plan fits depends only on the buffer capacities and the chain on everything but them, so buffers at least as large
    /// in every capacity fit every plan the smaller ones fit, and their plan is the same or a later one of the chain:
    /// never more cycles, never more bytes, in the estimate and in the simulator running the GEMM alone (the chain keeps
    /// only plans the simulator orders as the walk does).
    /// </summary>
    /// <remarks>
    /// Built from the top: the last plan is the best-objective candidate of all (tile sizes, loop order, dataflow, fitting
    /// or not); the plan below any plan is the best-objective candidate of smaller footprint (the bytes it needs in the
    /// four buffers' ping-pong halves, summed) with at least its cycles and at least its bytes; the chain ends when there
    /// is none. Building it from the bottom instead (the smallest plan first, each next one the best that is no worse in
    /// both) gets stuck at the small tiles, which are the fastest (their first load and last store are short) and move
    /// the most bytes: on ResNet-18 CIFAR at SAT's default buffers it moves 2.5 times the DRAM bytes. Candidates are
    /// walked in the order of their objective's lower bound, each at most once. The chain does not depend on the buffer
    /// capacities, so it is computed once per GEMM shape and timing-relevant hardware and shared by every configuration
    /// that differs only in capacities (a buffer sweep).
    /// </remarks>
    public static IReadOnlyList<GemmPlan> ChainFor(long m, long n, long k, NmPattern p, HardwareConfig hw) => CheckedChainFor(m, n, k, p, hw).Plans;

    private static CheckedChain CheckedChainFor(long m, long n, long k, NmPattern p, HardwareConfig hw)
    {
        var key = (m, n, k, p, ChainKey(hw));
        if (ChainCache.TryGetValue(key, out var chain))
        {
            return chain;
        }
        chain = new CheckedChain(BuildChain(m, n, k, p, hw), m, n, k, p, hw);
        if (ChainCache.Count > 65_536)
        {
            ChainCache.Clear();
        }
        return ChainCache.GetOrAdd(key, chain);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(long, long, long, NmPattern, string), CheckedChain> ChainCache = new();

    /// <summary>The hardware without what the chain does not depend on (buffer capacities, the device).</summary>
    private static string ChainKey(HardwareConfig hw)
    {
        var b = hw.Buffers;
        var normal = hw with
        {
            Device = null,
            Buffers = b with
            {
                Input = b.Input with { CapacityBytes = 0 },
                Weight = b.Weight with { CapacityBytes = 0 },
                Output = b.Output with { CapacityBytes = 0 },
                Index = b.Index with { CapacityBytes = 0 },
            },
        };
        return Traces.HardwareHash.Of(normal);
    }

    private static IReadOnlyList<GemmPlan> BuildChain(long m, long n, long k, NmPattern p, HardwareConfig hw)
    {
        var interleave = hw.Optimizations.Interleave ? 2 : 1;
        var shapes = Shapes(m, n, k, p, hw, interleave).ToList();
        var footprints = shapes.Select(s => Footprint(s, p, hw)).ToArray();
        var bounds = shapes.Select(s => Objective(TileWalk.LowerBound(s.BackToBack, s.DramBytes, hw), s.DramBytes, hw)).ToArray();
        var byBound = Enumerable.Range(0, shapes.Count).OrderBy(i => bounds[i]).ThenBy(i => i).ToArray();
        var walked = new Dictionary<int, GemmPlan>();
        GemmPlan Get(int i)
        {
            if (!walked.TryGetValue(i, out var plan))
            {
                walked[i] = plan = Walk(m, n, k, p, hw, shapes[i], interleave);
            }
            return plan;
        }
        var chain = new List<GemmPlan>();
        GemmPlan? top = null;
        var topFootprint = long.MaxValue;
        while (true)
        {
            GemmPlan? best = null;
            var bestIndex = -1;
            var bestObjective = double.PositiveInfinity;
            foreach (var i in byBound)
            {
                if (bounds[i] > bestObjective)
                {
                    break;
                }
                var s = shapes[i];
                if (footprints[i] >= topFootprint || (top is not null && s.DramBytes < top.EstimatedDramBytes))
                {
                    continue;
                }
                var plan = Get(i);
                if (top is not null && plan.EstimatedCycles < top.EstimatedCycles)
                {
                    continue;
                }
                var objective = Objective(plan, hw);
                if (best is null || Better(plan, objective, i, best, bestObjective, bestIndex))
                {
                    best = plan;
                    bestIndex = i;
                    bestObjective = objective;
                }
            }
            if (best is null)
            {
                break;
            }
            chain.Add(best);
            top = best;
            topFootprint = footprints[bestIndex];
        }
        chain.Reverse();
        return chain;
    }

    /// <summary>
    /// A chain with the simulator's check: <see cref="Kept"/> drops the plans that the simulator, running the GEMM alone,
    /// times faster or moves fewer bytes than a plan above them. The walk orders most plans as the simulator does, but
    /// not all (on several channels it serves requests in emission order, the simulator in issue order: docs/cost.md),
    /// and a plan estimated slower but simulated faster would let a larger buffer simulate slower. Walking down from the
    /// top, a plan is kept when it simulates at least the cycles and at least the bytes of the last plan kept; a buffer
    /// that would have used a dropped plan uses the next kept plan below it. The top plan is always kept. Whether a plan
    /// is kept depends only on the plans above it, so the check is made lazily, from the top down to the plan asked
    /// about: buffers that hold the top plan cost no simulation. Thread-safe; deterministic.
    /// </summary>
    private sealed class CheckedChain(IReadOnlyList<GemmPlan> plans, long m, long n, long k, NmPattern p, HardwareConfig hw)
    {
        private readonly bool[] _kept = new bool[plans.Count];
        private int _resolved = plans.Count;
        private (long Cycles, long Bytes) _lastKept;

        public IReadOnlyList<GemmPlan> Plans => plans;

        public bool Kept(int index)
        {
            lock (_kept)
            {
                while (_resolved > index)
                {
                    var i = --_resolved;
                    var sim = i == plans.Count - 1 && plans.Count == 1 ? (0, 0) : Run(plans[i]);
                    _kept[i] = i == plans.Count - 1 || (sim.Cycles >= _lastKept.Cycles && sim.Bytes >= _lastKept.Bytes);
                    if (_kept[i])
                    {
                        _lastKept = sim;
                    }
                }
                return _kept[index];
            }
        }

        private (long Cycles, long Bytes) Run(GemmPlan plan)
        {
            // Capacities only decide whether an operand fits and how long a load waits for buffer space: give every
            // buffer room for any chain plan.
            var b = hw.Buffers;
            const long Room = 1L << 40;
            var roomy = hw with
            {
                Buffers = b with
                {
                    Input = b.Input with { CapacityBytes = Room },
                    Weight = b.Weight with { CapacityBytes = Room },
                    Output = b.Output with { CapacityBytes = Room },
                    Index = b.Index with { CapacityBytes = Room },
                },
            };
            var op = p.IsDense
                ? LayerOp.Gemm("chain", Stage.FP, "gemm", m, n, k)
                : LayerOp.Gemm("chain", Stage.FP, "gemm", m, n, k, sparsity: p, sparseOperand: GemmOperand.B, along: WeightDimension.InputChannels);
            var report = Sim.Components.Accelerator.AcceleratorSimulator.Run(roomy, new IterationTiler(roomy, new FixedPlanner(plan)).TileOps([op]),
                new Sim.Components.Accelerator.SimulationOptions { RecordTimeline = false });
            return (report.TotalCycles, report.DramBytesRead + report.DramBytesWritten);
        }
    }

    /// <summary>A planner that returns one plan, to simulate a chain plan through the tiler.</summary>
    private sealed class FixedPlanner(GemmPlan plan) : IGemmPlanner
    {
        public GemmPlan Plan(long m, long n, long k, NmPattern pattern, HardwareConfig hardware) => plan;
    }

    /// <summary>Bytes a candidate needs in the ping-pong halves of the four buffers (what <see cref="TileBytes.Fits"/> checks), summed.</summary>
    private static long Footprint(Shape s, NmPattern p, HardwareConfig hw) =>
        TileBytes.A(s.TileM, s.TileK, hw) + TileBytes.B(s.TileK, s.TileN, p, hw) + TileBytes.Index(s.TileK, s.TileN, p) + s.Width * TileBytes.Partial(s.TileM, s.TileN, hw);

    /// <summary>Every candidate plan's closed-form figures, in candidate order (tile M, N, K, loop order, dataflow).</summary>
    private static IEnumerable<Shape> Shapes(long m, long n, long k, NmPattern p, HardwareConfig hw, int interleave)
    {
        var index = 0;
        foreach (var tm in Candidates(m, hw.ArrayRows))
        {
            foreach (var tn in Candidates(n, hw.ArrayCols))
            {
                foreach (var tk in KCandidates(k, p))
                {
                    foreach (var order in Enum.GetValues<LoopOrder>())
                    {
                        foreach (var df in Dataflows)
                        {
                            yield return Closed(m, n, k, p, hw, tm, tn, tk, df, order, interleave) with { Index = index++ };
                        }
                    }
                }
            }
        }
    }

    /// <summary>Lower objective wins; ties go to fewer DRAM bytes, then fewer cycles, then the first candidate.</summary>
    private static bool Better(GemmPlan plan, double objective, int index, GemmPlan best, double bestObjective, int bestIndex) =>
        objective < bestObjective
        || (objective == bestObjective && (plan.EstimatedDramBytes < best.EstimatedDramBytes
            || (plan.EstimatedDramBytes == best.EstimatedDramBytes && (plan.EstimatedCycles < best.EstimatedCycles
                || (plan.EstimatedCycles == best.EstimatedCycles && index < bestIndex)))));

    /// <summary>The cost-model estimate of one candidate plan: its DRAM bytes in closed form, its cycles from a walk of its tiles.</summary>
    public static GemmPlan Estimate(long m, long n, long k, NmPattern p, HardwareConfig hw, int tm, int tn, int tk, Dataflow df, LoopOrder order, int interleave) =>
        Walk(m, n, k, p, hw, Closed(m, n, k, p, hw, tm, tn, tk, df, order, interleave), interleave);

    private static GemmPlan Walk(long m, long n, long k, NmPattern p, HardwareConfig hw, Shape s, int interleave)
    {
        var cycles = TileWalk.Cycles(m, n, k, p, hw, s.TileM, s.TileN, s.TileK, s.Dataflow, s.Order, interleave);
        return new GemmPlan(s.TileM, s.TileN, s.TileK, s.Dataflow, s.Order, s.Width, s.Compute, s.DramBytes, cycles);
    }

    /// <summary>A candidate's closed-form figures: compute cycles alone and back to back, and DRAM bytes.</summary>
    private readonly record struct Shape(int TileM, int TileN, int TileK, Dataflow Dataflow, LoopOrder Order, int Width, long Compute, long BackToBack, long DramBytes, int Index);

    private static Shape Closed(long m, long n, long k, NmPattern p, HardwareConfig hw, int tm, int tn, int tk, Dataflow df, LoopOrder order, int interleave)
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
        return new Shape(tm, tn, tk, df, order, loops.Width, compute, backToBack, (long)Math.Ceiling(bytes), 0);
    }

    /// <summary>
    /// The planner's objective: estimated joules of the plan's time at the static power and of its DRAM traffic, in
    /// picojoules (the MAC energy is the same for every plan of a GEMM).
    /// </summary>
    public static double Objective(GemmPlan plan, HardwareConfig hw) => Objective(plan.EstimatedCycles, plan.EstimatedDramBytes, hw);

    private static double Objective(double cycles, long dramBytes, HardwareConfig hw) =>
        cycles * hw.Energy.StaticPowerW / (hw.ClockMHz * 1e6) * 1e12 + dramBytes * hw.Energy.DramPjPerByte;

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
