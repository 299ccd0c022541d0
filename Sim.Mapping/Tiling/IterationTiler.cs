using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Mapping.Tiling;

/// <summary>
/// Compiles one training iteration into the flat hardware <see cref="Operation"/> stream for a
/// <see cref="HardwareConfig"/>: per GEMM tile a load of each operand block that changed (and of its N:M
/// indices), the tile's GEMM and, when an output tile leaves the buffer, its store; element-wise work and
/// N:M generation in chunks (<see cref="ElementWiseChunking"/>, <see cref="GenerationChunking"/>). Everything streams (<c>yield</c>), so memory stays flat however
/// large the iteration; the only per-GEMM state is one counter per output tile.
/// </summary>
/// <remarks>
/// Dependences (<see cref="Operation.DependsOn"/>): a GEMM waits for the loads of its operands and, when it
/// accumulates, for the previous GEMM on the same output tile; with double buffering a load into a ping-pong
/// half waits for the last GEMM that read that half, and an output tile's first GEMM waits for the store
/// that freed its slot. Layer operations follow each other in lowering order: every load of one waits for the
/// last store of the previous one, and the stores of one layer operation are chained so its last store
/// implies all. N:M generation: with pre-generation it runs right after the layer's weight update and nothing
/// in the iteration waits for it (its weights serve the next iteration); without, it runs just before the
/// GEMM that uses the weights, waits for the preceding layer operation, and that GEMM's weight loads wait for it.
/// </remarks>
public sealed class IterationTiler
{
    private readonly HardwareConfig _hw;
    private readonly IGemmPlanner _planner;
    private readonly Dictionary<(long, long, long, NmPattern), GemmPlan> _plans = [];
    private long _nextId;
    private long _barrier = -1;

    public IterationTiler(HardwareConfig hw)
        : this(hw, OfflineGemmPlanner.Instance)
    {
    }

    /// <summary>A tiler whose GEMM plans come from <paramref name="planner"/> instead of SAT's offline scheduler.</summary>
    public IterationTiler(HardwareConfig hw, IGemmPlanner planner)
    {
        ArgumentNullException.ThrowIfNull(planner);
        _hw = hw.EnsureValid();
        _planner = planner;
    }

    /// <summary>Operations emitted so far (the next id).</summary>
    public long Emitted => _nextId;

    /// <summary>
    /// Sum of the cost model's cycle estimates of the GEMMs tiled so far (each plan's estimate times its instance
    /// count): a quick, simulator-free measure of what offline scheduling and interleaving buy.
    /// </summary>
    public long EstimatedGemmCycles { get; private set; }

    /// <summary>The plan the tiler uses for a GEMM shape (cached; offline scheduling or the fixed baseline).</summary>
    public GemmPlan PlanFor(long m, long n, long k, NmPattern p)
    {
        if (!_plans.TryGetValue((m, n, k, p), out var plan))
        {
            plan = _planner.Plan(m, n, k, p, _hw);
            _plans[(m, n, k, p)] = plan;
        }
        return plan;
    }

    /// <summary>
    /// Checks, without emitting or simulating anything, that every layer operation of <paramref name="ops"/> can be
    /// tiled on this hardware: each GEMM has a plan whose tiles fit the buffers, each element-wise operation fits one
    /// element and each N:M generation one group. Throws exactly what <see cref="TileOps"/> would throw at that
    /// operation, prefixed with the layer and stage, so a scenario can be refused before any work (and by
    /// <c>satsim validate</c>).
    /// </summary>
    public void Check(IReadOnlyList<LayerOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        foreach (var op in ops)
        {
            try
            {
                switch (op.Kind)
                {
                    case LayerOpKind.Gemm:
                        PlanFor(op.M, op.N, op.K, op.IsSparse ? op.Sparsity : NmPattern.Dense);
                        break;
                    case LayerOpKind.SparseGen:
                        GenChunk(op);
                        break;
                    default:
                        if (op.Elements > 0)
                        {
                            ElementChunk(op);
                        }
                        break;
                }
            }
            catch (InvalidOperationException e) when (!e.Message.StartsWith(op.Layer + "/", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{op.Layer} {op.Stage}: {e.Message}", e);
            }
        }
    }

    /// <summary>Streams the operations of one iteration of <paramref name="model"/>.</summary>
    public IEnumerable<Operation> Tile(ModelGraph model, LoweringOptions options) => TileOps(IterationLowering.Lower(model, options).ToList());

    /// <summary>
    /// Streams the operations of layer operations in the order given (the compiler's lowering, or what the
    /// functional engine recorded, which is the same stream). With pre-generation, generation operations are
    /// emitted where they appear (after the weight update) and nothing waits for them; without it, the
    /// generation of a (layer, stage) is emitted right before that stage's first sparse GEMM of the layer, which
    /// waits for it.
    /// </summary>
    public IEnumerable<Operation> TileOps(IReadOnlyList<LayerOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        var pregen = _hw.Optimizations.PreGeneration;
        // Without pre-generation the generation of (layer, stage) is emitted before its first GEMM; collect
        // those few layer operations up front (one per sparse weight and stage; a layer may hold several
        // weights, e.g. attention's qkv and output projections, whose generations are all emitted together).
        var pending = new Dictionary<(string, Stage), List<LayerOp>>();
        if (!pregen)
        {
            foreach (var g in ops.Where(o => o.Kind == LayerOpKind.SparseGen))
            {
                var key = (g.Layer, GenStage(g));
                if (!pending.TryGetValue(key, out var list))
                {
                    pending[key] = list = [];
                }
                list.Add(g);
            }
        }
        return Stream(ops, pregen, pending);
    }

    private IEnumerable<Operation> Stream(IReadOnlyList<LayerOp> ops, bool pregen, Dictionary<(string, Stage), List<LayerOp>> pending)
    {
        var genDone = new Dictionary<(string, Stage), long>();
        foreach (var op in ops)
        {
            switch (op.Kind)
            {
                case LayerOpKind.SparseGen:
                    if (pregen)
                    {
                        // Off the critical path: depends on the update just before, nothing waits for it.
                        foreach (var o in EmitGen(op, _barrier))
                        {
                            yield return o;
                        }
                    }
                    break;
                case LayerOpKind.Gemm:
                {
                    var genDep = -1L;
                    if (!pregen && op.IsSparse)
                    {
                        var key = (op.Layer, op.Stage);
                        if (genDone.TryGetValue(key, out var done))
                        {
                            genDep = done;
                        }
                        else if (pending.Remove(key, out var gens))
                        {
                            // Chained, so the GEMM's dependency on the last one covers them all.
                            var last = _barrier;
                            foreach (var g in gens)
                            {
                                foreach (var o in EmitGen(g, last))
                                {
                                    last = o.Id;
                                    yield return o;
                                }
                            }
                            genDone[key] = genDep = last;
                        }
                    }
                    foreach (var o in EmitGemm(op, genDep))
                    {
                        yield return o;
                    }
                    break;
                }
                default:
                    foreach (var o in EmitElementWise(op))
                    {
                        yield return o;
                    }
                    break;
            }
        }
    }

    private static Stage GenStage(LayerOp gen) => gen.SparseAlong == WeightDimension.OutputChannels ? Stage.BP : Stage.FP;

    private long NewId() => _nextId++;

    private static IReadOnlyList<long> Deps(long a = -1, long b = -1, long c = -1, long d = -1, long e = -1)
    {
        Span<long> buf = stackalloc long[5];
        var n = 0;
        foreach (var x in (ReadOnlySpan<long>)[a, b, c, d, e])
        {
            if (x >= 0 && !buf[..n].Contains(x))
            {
                buf[n++] = x;
            }
        }
        return n == 0 ? [] : buf[..n].ToArray();
    }

    private IEnumerable<Operation> EmitGemm(LayerOp op, long genDep)
    {
        var p = op.IsSparse ? op.Sparsity : NmPattern.Dense;
        var plan = PlanFor(op.M, op.N, op.K, p);
        EstimatedGemmCycles += plan.EstimatedCycles * op.Count;
        var barrier = _barrier;
        var lastStore = -1L;
        for (long instance = 0; instance < op.Count; instance++)
        {
            var emitter = new GemmEmitter(this, op, plan, p, barrier, genDep, lastStore);
            foreach (var o in emitter.Run())
            {
                yield return o;
            }
            lastStore = emitter.LastStore;
        }
        _barrier = lastStore;
    }

    /// <summary>One GEMM instance's tiles; holds the double-buffer and output-slot bookkeeping.</summary>
    private sealed class GemmEmitter(IterationTiler t, LayerOp op, GemmPlan plan, NmPattern p, long barrier, long genDep, long previousStore)
    {
        public long LastStore { get; private set; } = previousStore;

        public IEnumerable<Operation> Run()
        {
            var hw = t._hw;
            long nm = (op.M + plan.TileM - 1) / plan.TileM, nn = (op.N + plan.TileN - 1) / plan.TileN, nk = (op.K + plan.TileK - 1) / plan.TileK;
            var loops = new TileLoops(plan.Order, nm, nn, nk, plan.Interleave);
            var visits = new int[nm * nn];
            var lastGemmOfTile = new long[nm * nn];
            var lastStoreOfTile = new long[nm * nn];
            Array.Fill(lastGemmOfTile, -1);
            Array.Fill(lastStoreOfTile, -1);
            long curA = -1, curB = -1, loadA = -1, loadB = -1, loadI = -1;
            int halfA = 1, halfB = 1;
            long[] useA = [-1, -1], useB = [-1, -1];
            var slots = 2 * loops.Width;
            var slotStore = new long[slots];
            Array.Fill(slotStore, -1);
            var resident = new List<(long Tile, int Slot, long Rows, long Cols)>(loops.Width);
            long nextSlot = 0;
            foreach (var (mi, ni, ki) in loops.Sequence())
            {
                var rows = Math.Min(plan.TileM, op.M - mi * plan.TileM);
                var cols = Math.Min(plan.TileN, op.N - ni * plan.TileN);
                var depth = Math.Min(plan.TileK, op.K - ki * plan.TileK);
                var keyA = mi * nk + ki;
                if (keyA != curA)
                {
                    halfA ^= 1;
                    loadA = t.NewId();
                    yield return Load(loadA, BufferKind.Input, TileBytes.A(rows, depth, hw), Deps(barrier, useA[halfA]));
                    curA = keyA;
                }
                var keyB = ki * nn + ni;
                if (keyB != curB)
                {
                    halfB ^= 1;
                    loadB = t.NewId();
                    yield return Load(loadB, BufferKind.Weight, TileBytes.B(depth, cols, p, hw), Deps(barrier, useB[halfB], genDep));
                    if (!p.IsDense)
                    {
                        loadI = t.NewId();
                        yield return Load(loadI, BufferKind.Index, TileBytes.Index(depth, cols, p), Deps(barrier, useB[halfB], genDep));
                    }
                    curB = keyB;
                }
                var tile = mi * nn + ni;
                var at = IndexOfTile(resident, tile);
                var slotDep = -1L;
                var partialLoad = -1L;
                if (at < 0)
                {
                    if (resident.Count == loops.Width)
                    {
                        yield return EvictOldest(nk, visits, lastGemmOfTile, lastStoreOfTile, slotStore, resident);
                    }
                    var slot = (int)(nextSlot++ % slots);
                    slotDep = slotStore[slot];
                    if (visits[tile] > 0)
                    {
                        partialLoad = t.NewId();
                        yield return Load(partialLoad, BufferKind.Output, TileBytes.Partial(rows, cols, hw), Deps(slotDep, lastStoreOfTile[tile]));
                    }
                    resident.Add((tile, slot, rows, cols));
                }
                var gemm = t.NewId();
                yield return new Operation
                {
                    Id = gemm,
                    Kind = OpKind.Gemm,
                    Layer = op.Layer,
                    Stage = op.Stage,
                    DependsOn = Deps(loadA, loadB, p.IsDense ? -1 : loadI, partialLoad >= 0 ? partialLoad : slotDep, lastGemmOfTile[tile]),
                    M = (int)rows,
                    N = (int)cols,
                    K = (int)depth,
                    Sparsity = p,
                    Dataflow = plan.Dataflow,
                    Accumulate = visits[tile] > 0,
                    Bytes = TileBytes.A(rows, depth, hw) + TileBytes.B(depth, cols, p, hw) + TileBytes.Index(depth, cols, p),
                };
                visits[tile]++;
                lastGemmOfTile[tile] = gemm;
                useA[halfA] = gemm;
                useB[halfB] = gemm;
            }
            while (resident.Count > 0)
            {
                yield return EvictOldest(nk, visits, lastGemmOfTile, lastStoreOfTile, slotStore, resident);
            }
        }

        private static int IndexOfTile(List<(long Tile, int Slot, long Rows, long Cols)> resident, long tile)
        {
            for (var i = 0; i < resident.Count; i++)
            {
                if (resident[i].Tile == tile) return i;
            }
            return -1;
        }

        /// <summary>Stores the oldest resident output tile (final results or partial sums) and frees its slot.</summary>
        private Operation EvictOldest(long nk, int[] visits, long[] lastGemm, long[] lastStoreOfTile, long[] slotStore, List<(long Tile, int Slot, long Rows, long Cols)> resident)
        {
            var (tile, slot, rows, cols) = resident[0];
            resident.RemoveAt(0);
            var final = visits[tile] >= nk;
            var id = t.NewId();
            var bytes = final ? TileBytes.Final(rows, cols, t._hw) : TileBytes.Partial(rows, cols, t._hw);
            var store = new Operation
            {
                Id = id,
                Kind = OpKind.Store,
                Layer = op.Layer,
                Stage = op.Stage,
                Buffer = BufferKind.Output,
                Bytes = bytes,
                DependsOn = Deps(lastGemm[tile], LastStore),
            };
            slotStore[slot] = id;
            lastStoreOfTile[tile] = id;
            LastStore = id;
            return store;
        }

        private Operation Load(long id, BufferKind buffer, long bytes, IReadOnlyList<long> deps) => new()
        {
            Id = id,
            Kind = OpKind.Load,
            Layer = op.Layer,
            Stage = op.Stage,
            Buffer = buffer,
            Bytes = bytes,
            DependsOn = deps,
        };
    }

    /// <summary>Elements per chunk of an element-wise operation (at least one, or the operation cannot run).</summary>
    private long ElementChunk(LayerOp op)
    {
        var inPerElement = Math.Max(1, (op.BytesIn + op.Elements - 1) / op.Elements);
        var outPerElement = Math.Max(1, (op.BytesOut + op.Elements - 1) / op.Elements);
        var chunk = ElementWiseChunking.Chunk(op, _hw, inPerElement, outPerElement);
        return chunk >= 1 ? chunk : throw new InvalidOperationException($"{op.Layer}/{op.Op}: one element does not fit the buffers");
    }

    /// <summary>N:M groups per chunk of a generation (at least one, or it cannot run).</summary>
    private long GenChunk(LayerOp op)
    {
        var chunk = GenerationChunking.Chunk(op, _hw);
        return chunk >= 1 ? chunk : throw new InvalidOperationException($"{op.Layer}/{op.Op}: one N:M group does not fit the weight buffer");
    }

    private IEnumerable<Operation> EmitElementWise(LayerOp op)
    {
        if (op.Elements == 0)
        {
            yield break;
        }
        var chunk = ElementChunk(op);
        var barrier = _barrier;
        long[] use = [-1, -1], stores = [-1, -1];
        long lastStore = -1, doneIn = 0, doneOut = 0;
        var half = 1;
        for (long start = 0; start < op.Elements; start += chunk)
        {
            var n = Math.Min(chunk, op.Elements - start);
            var end = start + n;
            // Bytes split in proportion to the elements, exactly summing to the layer operation's totals.
            var bytesIn = op.BytesIn * end / op.Elements - doneIn;
            var bytesOut = op.BytesOut * end / op.Elements - doneOut;
            doneIn += bytesIn;
            doneOut += bytesOut;
            half ^= 1;
            var load = NewId();
            yield return new Operation { Id = load, Kind = OpKind.Load, Layer = op.Layer, Stage = op.Stage, Buffer = BufferKind.Input, Bytes = bytesIn, DependsOn = Deps(barrier, use[half]) };
            var vec = NewId();
            yield return new Operation { Id = vec, Kind = OpKind.Vector, Layer = op.Layer, Stage = op.Stage, VectorOp = op.Op, Elements = n, Bytes = bytesIn, DependsOn = Deps(load, stores[half]) };
            use[half] = vec;
            if (bytesOut > 0 || end == op.Elements)
            {
                var store = NewId();
                yield return new Operation { Id = store, Kind = OpKind.Store, Layer = op.Layer, Stage = op.Stage, Buffer = BufferKind.Output, Bytes = bytesOut, DependsOn = Deps(vec, lastStore) };
                stores[half] = store;
                lastStore = store;
            }
        }
        _barrier = lastStore;
    }

    private IEnumerable<Operation> EmitGen(LayerOp op, long after)
    {
        var p = op.Sparsity;
        var denseBytesPerGroup = (long)p.M * _hw.MasterBytes;
        var chunk = GenChunk(op);
        long[] use = [-1, -1];
        long lastStore = -1;
        var half = 1;
        for (long start = 0; start < op.Groups; start += chunk)
        {
            var groups = Math.Min(chunk, op.Groups - start);
            var kept = groups * p.N;
            half ^= 1;
            var load = NewId();
            yield return new Operation { Id = load, Kind = OpKind.Load, Layer = op.Layer, Stage = Stage.Gen, Buffer = BufferKind.Weight, Bytes = groups * denseBytesPerGroup, DependsOn = Deps(after, use[half]) };
            var gen = NewId();
            yield return new Operation { Id = gen, Kind = OpKind.SparseGen, Layer = op.Layer, Stage = Stage.Gen, Groups = groups, Sparsity = p, Bytes = groups * denseBytesPerGroup, DependsOn = Deps(load) };
            use[half] = gen;
            var values = NewId();
            yield return new Operation { Id = values, Kind = OpKind.Store, Layer = op.Layer, Stage = Stage.Gen, Buffer = BufferKind.Weight, Bytes = kept * _hw.OperandBytes, DependsOn = Deps(gen, lastStore) };
            var index = NewId();
            yield return new Operation { Id = index, Kind = OpKind.Store, Layer = op.Layer, Stage = Stage.Gen, Buffer = BufferKind.Index, Bytes = p.IndexBytes(kept), DependsOn = Deps(gen, values) };
            lastStore = index;
        }
        // Generation never moves the barrier: with pre-generation nothing waits for it, without it the GEMM waits explicitly.
        _ = lastStore;
    }
}
