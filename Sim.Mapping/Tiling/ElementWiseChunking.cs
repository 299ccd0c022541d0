using Sim.Components.Config;
using Sim.Workloads.Lowering;

namespace Sim.Mapping.Tiling;

/// <summary>
/// Chunk size of an element-wise layer operation: each chunk is loaded, run on the vector engine and stored, double
/// buffered, so chunks overlap except for the first load and the last run and store. Larger chunks expose more of
/// that fill and drain, smaller ones pay the DRAM and vector latency more often. The chunk is the candidate with the
/// fewest estimated cycles among those the buffers' ping-pong halves hold; the candidates (powers of two below the
/// operation's elements, and the whole operation) and their estimates do not depend on the buffer capacities, so a
/// larger buffer holds every candidate a smaller one holds: it gets the same chunk, or one estimated faster.
/// </summary>
public static class ElementWiseChunking
{
    /// <summary>Elements per chunk; below 1 when one element does not fit the buffers.</summary>
    public static long Chunk(LayerOp op, HardwareConfig hw, long inPerElement, long outPerElement)
    {
        var largest = Math.Min(hw.Buffers.Input.TileCapacityBytes / inPerElement, hw.Buffers.Output.TileCapacityBytes / outPerElement);
        return largest < 1 ? largest : ChunkChoice.Best(op.Elements, largest, c => Estimate(op, hw, c));
    }

    /// <summary>Estimated cycles of the whole layer operation in chunks of <paramref name="chunk"/> elements.</summary>
    public static double Estimate(LayerOp op, HardwareConfig hw, long chunk)
    {
        var n = Math.Min(chunk, op.Elements);
        var bytesPerCycle = hw.Dram.BytesPerCycle(hw.ClockMHz);
        return ChunkChoice.Estimate(op.Elements, n, hw.NsToCycles(hw.Dram.LatencyNs),
            (double)op.BytesIn * n / op.Elements / bytesPerCycle, hw.Vector.Cycles(op.Op, n), (double)op.BytesOut * n / op.Elements / bytesPerCycle);
    }
}

/// <summary>
/// Chunk size of an N:M sparse-weight generation: each chunk of groups is loaded into the weight buffer (dense master
/// weights), reduced by the sparse-generation engine and its kept values and indices stored, double buffered like
/// element-wise work. The same rule as <see cref="ElementWiseChunking"/>: the candidate (powers of two below the
/// generation's groups, and all of them) with the fewest estimated cycles among those the weight and index buffers'
/// ping-pong halves hold, so a larger buffer never gets a different chunk unless it holds one estimated faster. (The
/// chunk used to be the largest the buffers hold, so every larger weight buffer changed it; its longer loads held the
/// in-order read DMA engine before the next weight update's loads, and larger buffers simulated slower.)
/// </summary>
public static class GenerationChunking
{
    /// <summary>Groups per chunk; below 1 when one group does not fit the buffers.</summary>
    public static long Chunk(LayerOp op, HardwareConfig hw)
    {
        var p = op.Sparsity;
        var largest = Math.Min(hw.Buffers.Weight.TileCapacityBytes / ((long)p.M * hw.MasterBytes), hw.Buffers.Index.TileCapacityBytes * 8 / Math.Max(1, p.N * p.IndexBits));
        return largest < 1 ? largest : ChunkChoice.Best(op.Groups, largest, c => Estimate(op, hw, c));
    }

    /// <summary>Estimated cycles of the whole generation in chunks of <paramref name="chunk"/> groups, alone on the hardware.</summary>
    public static double Estimate(LayerOp op, HardwareConfig hw, long chunk)
    {
        var p = op.Sparsity;
        var g = Math.Min(chunk, op.Groups);
        var bytesPerCycle = hw.Dram.BytesPerCycle(hw.ClockMHz);
        // The sparse-generation engine's timing (SparseGenEngine): the sorter fill, then M cycles per lane's group.
        var run = hw.SparseGen.PipelineLatency + (g + hw.SparseGen.Lanes - 1) / hw.SparseGen.Lanes * p.M;
        var kept = g * p.N;
        return ChunkChoice.Estimate(op.Groups, g, hw.NsToCycles(hw.Dram.LatencyNs),
            (double)g * p.M * hw.MasterBytes / bytesPerCycle, run, (kept * hw.OperandBytes + p.IndexBytes(kept)) / bytesPerCycle);
    }
}

/// <summary>The choice and the estimate shared by <see cref="ElementWiseChunking"/> and <see cref="GenerationChunking"/>.</summary>
internal static class ChunkChoice
{
    /// <summary>
    /// The candidate of least <paramref name="estimate"/> (ties: the smaller) among the powers of two below
    /// <paramref name="total"/> and <paramref name="total"/> itself, of those at most <paramref name="largest"/>.
    /// The candidates and their order do not depend on <paramref name="largest"/>, so a larger one only adds
    /// candidates.
    /// </summary>
    public static long Best(long total, long largest, Func<long, double> estimate)
    {
        var best = 0L;
        var bestCycles = double.PositiveInfinity;
        for (long c = 1; c <= Math.Min(total, largest); c = c < total && c * 2 > total ? total : c * 2)
        {
            var cycles = estimate(c);
            if (cycles < bestCycles)
            {
                (best, bestCycles) = (c, cycles);
            }
            if (c == total)
            {
                break;
            }
        }
        return best;
    }

    /// <summary>
    /// Cycles of <paramref name="total"/> units in chunks of <paramref name="chunk"/>, each loaded, run and stored,
    /// double buffered: loads and stores share the DRAM channels and the run unit works beside them; a chunk's load
    /// waits for the run two chunks back (its ping-pong half), so two chunks share one DRAM latency, load, run and store.
    /// </summary>
    public static double Estimate(long total, long chunk, long latency, double load, double run, double store)
    {
        var chunks = (total + chunk - 1) / chunk;
        var steady = Math.Max(Math.Max(load + store, run), (latency + load + run + store) / 2);
        return latency + load + (chunks - 1) * steady + run + store + latency;
    }
}
