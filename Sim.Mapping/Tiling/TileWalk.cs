using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Components.PeArray;
using Sim.Vocabulary;

namespace Sim.Mapping.Tiling;

/// <summary>
/// The planner's cycle estimate of one candidate plan: the tile sequence the emitter (<see cref="IterationTiler"/>)
/// produces, walked once with the simulator's timing rules but without its event kernel, so the planner ranks plans
/// the way the simulator times them. A closed form that averages tiles cannot: when the interleaved output tiles
/// differ in size (a remainder tile beside a full one), a full tile's loads hide only under the small tile before
/// it, and the average hides them under both (ResNet-18's layer1 weight gradients ran 25 % over such an estimate).
/// </summary>
/// <remarks>
/// Rules taken from the simulator: the read and write DMA engines each serve their operations in order, one transfer
/// at a time; a transfer pays the DRAM latency after it is issued and then its burst-rounded bytes at the channels'
/// peak bandwidth, after the channel's previous transfer; an operand load into a ping-pong half waits for the last
/// tile that read that half (both halves when the buffer is single-buffered); the PE array runs tiles in order, a
/// tile waits for its loads, for its output slot (the store that freed it, or its partial sums loaded back) and for
/// the previous tile on the same output, and a tile that starts when the previous one ends skips fill and drain; an
/// output tile is stored when it leaves the buffer, after its last tile and the previous store. The GEMM starts with
/// idle units and ends with its last store. A transfer splits over the channels by address
/// interleaving as in the DRAM system. Simplifications: each channel serves requests in emission order (the
/// simulator: in the order the two DMA engines issue them), and the DDR4 bank model, buffer-space reservations and the
/// controller's queue depth are not modelled. The walk is never shorter than <see cref="LowerBound"/>, which lets the planner skip
/// candidates that cannot win without walking them.
/// </remarks>
internal static class TileWalk
{
    /// <summary>Cycles the walk can never beat: the PE array's back-to-back compute, or the DRAM bytes at peak bandwidth
    /// (less one byte, for the rounding of the closed-form byte count).</summary>
    public static double LowerBound(long backToBackCompute, double dramBytes, HardwareConfig hw) =>
        Math.Max(backToBackCompute, Math.Max(0, dramBytes - 1) / hw.Dram.BytesPerCycle(hw.ClockMHz));

    /// <summary>Cycles from the first load to the last store of one GEMM instance under the plan. A store that makes
    /// room for the next tile is served before that tile's loads when it is issued first, as in the simulator.</summary>
    public static long Cycles(long m, long n, long k, NmPattern p, HardwareConfig hw, int tm, int tn, int tk, Dataflow df, LoopOrder order, int interleave)
    {
        long nm = (m + tm - 1) / tm, nn = (n + tn - 1) / tn, nk = (k + tk - 1) / tk;
        var loops = new TileLoops(order, nm, nn, nk, interleave);
        var foldOverlap = hw.Optimizations.Interleave;
        var slow = BufferBandwidth.For(hw, p).Slowdown;
        // Tile durations for the (full | remainder) sizes along M, N and K: [alone, back-to-back].
        Span<long> alone = stackalloc long[8], b2b = stackalloc long[8];
        for (var c = 0; c < 8; c++)
        {
            var sm = (c & 1) == 0 ? Math.Min(m, tm) : m - (nm - 1) * tm;
            var sn = (c & 2) == 0 ? Math.Min(n, tn) : n - (nn - 1) * tn;
            var sk = (c & 4) == 0 ? Math.Min(k, tk) : k - (nk - 1) * tk;
            var t = SystolicTiming.For(hw.ArrayRows, hw.ArrayCols, df, sm, sn, sk, p);
            var slowed = slow > 1.0 ? (long)Math.Ceiling(t.StreamCycles * (slow - 1.0)) : 0;
            alone[c] = (foldOverlap ? t.OverlappedCycles : t.SerialCycles) + slowed;
            b2b[c] = (foldOverlap ? t.Folds * Math.Max(t.Mapping.T, t.Rows) : t.SerialCycles) + slowed;
        }
        var channels = hw.Dram.Channels;
        var perChannel = hw.Dram.GBpsPerChannel * 1e3 / hw.ClockMHz;
        var burst = hw.Dram.BurstBytes;
        var unit = hw.Dram.InterleaveBytes;
        var latency = hw.NsToCycles(hw.Dram.LatencyNs);
        var dataFree = new double[channels];
        var share = new long[channels];
        // Addresses run sequentially per stream (read or write, per buffer), as the DRAM system assigns them, so a
        // transfer splits over the channels as it does there.
        var nextAddress = new long[16];
        for (var i = 0; i < nextAddress.Length; i++)
        {
            nextAddress[i] = (long)i << 36;
        }
        long Serve(int channel, long issue, long bytes)
        {
            // A channel takes its next request when the previous one's data has ended (whole cycles); the data starts
            // after the latency from issue, and moves the burst-rounded bytes at the channel's peak bandwidth.
            var start = Math.Max(Math.Ceiling(dataFree[channel] - 1e-9), issue + latency);
            dataFree[channel] = start + (bytes + burst - 1) / burst * burst / perChannel;
            return (long)Math.Ceiling(dataFree[channel] - 1e-9);
        }
        long Transfer(long issue, long bytes, int stream)
        {
            if (bytes == 0)
            {
                return issue;
            }
            var address = nextAddress[stream];
            nextAddress[stream] += bytes;
            if (channels == 1)
            {
                return Serve(0, issue, bytes);
            }
            long firstUnit = address / unit, lastUnit = (address + bytes - 1) / unit;
            var units = lastUnit - firstUnit + 1;
            for (var c = 0; c < channels; c++)
            {
                share[(int)((firstUnit + c) % channels)] = (units / channels + (c < units % channels ? 1 : 0)) * unit;
            }
            share[(int)(firstUnit % channels)] -= address % unit;
            share[(int)(lastUnit % channels)] -= unit - 1 - (address + bytes - 1) % unit;
            var end = issue;
            for (var c = 0; c < channels; c++)
            {
                if (share[c] > 0)
                {
                    end = Math.Max(end, Serve(c, issue, share[c]));
                }
            }
            return end;
        }
        var singleA = !hw.Buffers.Input.DoubleBuffered;
        var singleB = !hw.Buffers.Weight.DoubleBuffered;
        var sparse = !p.IsDense;
        long readFree = 0, writeFree = 0, peFree = 0, lastStore = 0;
        var first = true;
        long curA = -1, curB = -1, doneA = 0, doneB = 0;
        int halfA = 1, halfB = 1;
        Span<long> useA = stackalloc long[2], useB = stackalloc long[2];
        useA.Clear();
        useB.Clear();
        var tiles = nm * nn;
        var visits = new int[tiles];
        var lastGemm = new long[tiles];
        var storeOfTile = new long[tiles];
        var slots = 2 * loops.Width;
        var slotFree = new long[slots];
        var resident = new List<(long Tile, int Slot, long Rows, long Cols)>(loops.Width);
        long nextSlot = 0;
        void Evict()
        {
            var (tile, slot, rows, cols) = resident[0];
            resident.RemoveAt(0);
            var bytes = visits[tile] >= nk ? TileBytes.Final(rows, cols, hw) : TileBytes.Partial(rows, cols, hw);
            var start = Math.Max(writeFree, Math.Max(lastGemm[tile], lastStore));
            var end = Transfer(start, bytes, (int)BufferKind.Output + 8);
            writeFree = end;
            lastStore = end;
            slotFree[slot] = end;
            storeOfTile[tile] = end;
        }
        // The store that makes room for the next tile's output is issued by the write engine when the tile it stores has
        // ended; the channel serves requests in the order they are issued (a store first when issued at the same cycle
        // as a load), so when that is before a load of the next tile, the store goes first.
        var storeIssue = long.MaxValue;
        long Load(long ready, long bytes, BufferKind buffer)
        {
            var start = Math.Max(readFree, ready);
            if (storeIssue <= start)
            {
                storeIssue = long.MaxValue;
                Evict();
            }
            readFree = Transfer(start, bytes, (int)buffer);
            return readFree;
        }
        foreach (var (mi, ni, ki) in loops.Sequence())
        {
            var rows = Math.Min(tm, m - mi * tm);
            var cols = Math.Min(tn, n - ni * tn);
            var depth = Math.Min(tk, k - ki * tk);
            var next = mi * nn + ni;
            if (resident.Count == loops.Width && !resident.Exists(r => r.Tile == next))
            {
                storeIssue = Math.Max(writeFree, Math.Max(lastGemm[resident[0].Tile], lastStore));
            }
            var keyA = mi * nk + ki;
            if (keyA != curA)
            {
                halfA ^= 1;
                doneA = Load(singleA ? Math.Max(useA[0], useA[1]) : useA[halfA], TileBytes.A(rows, depth, hw), BufferKind.Input);
                curA = keyA;
            }
            var keyB = ki * nn + ni;
            if (keyB != curB)
            {
                halfB ^= 1;
                var ready = singleB ? Math.Max(useB[0], useB[1]) : useB[halfB];
                doneB = Load(ready, TileBytes.B(depth, cols, p, hw), BufferKind.Weight);
                if (sparse)
                {
                    doneB = Load(ready, TileBytes.Index(depth, cols, p), BufferKind.Index);
                }
                curB = keyB;
            }
            storeIssue = long.MaxValue;
            var tile = mi * nn + ni;
            var slotReady = 0L;
            var at = -1;
            for (var i = 0; i < resident.Count; i++)
            {
                if (resident[i].Tile == tile)
                {
                    at = i;
                    break;
                }
            }
            if (at < 0)
            {
                if (resident.Count == loops.Width)
                {
                    Evict();
                }
                var slot = (int)(nextSlot++ % slots);
                slotReady = slotFree[slot];
                if (visits[tile] > 0)
                {
                    slotReady = Load(Math.Max(slotReady, storeOfTile[tile]), TileBytes.Partial(rows, cols, hw), BufferKind.Output);
                }
                resident.Add((tile, slot, rows, cols));
            }
            var gemmReady = Math.Max(Math.Max(doneA, doneB), Math.Max(slotReady, lastGemm[tile]));
            var start = Math.Max(peFree, gemmReady);
            var c = (rows < tm ? 1 : 0) | (cols < tn ? 2 : 0) | (depth < tk ? 4 : 0);
            var end = start + (!first && start == peFree ? b2b[c] : alone[c]);
            first = false;
            peFree = end;
            visits[tile]++;
            lastGemm[tile] = end;
            useA[halfA] = end;
            useB[halfB] = end;
        }
        while (resident.Count > 0)
        {
            Evict();
        }
        return Math.Max(lastStore, peFree);
    }
}
