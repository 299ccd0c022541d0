using Sim.Components.Config;
using Sim.Workloads.Lowering;

namespace Sim.Mapping.Tiling;

/// <summary>
/// Chunk size of an element-wise layer operation: each chunk is loaded, run on the vector engine and stored, double
/// buffered, so chunks overlap except for the first load and the last run and store. Larger chunks expose more of
/// that fill and drain, smaller ones pay the DRAM and vector latency more often. The chunk is the candidate (powers of
/// two from 256 elements, and the largest chunk the buffers' ping-pong halves hold) with the fewest estimated cycles;
/// a larger buffer only adds candidates, so it never gets a worse estimate.
/// </summary>
public static class ElementWiseChunking
{
    public static long Chunk(LayerOp op, HardwareConfig hw, long inPerElement, long outPerElement)
    {
        var largest = Math.Min(hw.Buffers.Input.TileCapacityBytes / inPerElement, hw.Buffers.Output.TileCapacityBytes / outPerElement);
        if (largest < 1)
        {
            return largest;
        }
        var best = largest;
        var bestCycles = Estimate(op, hw, largest);
        for (long c = 256; c < largest && c < op.Elements; c *= 2)
        {
            var cycles = Estimate(op, hw, c);
            if (cycles < bestCycles)
            {
                (best, bestCycles) = (c, cycles);
            }
        }
        return best;
    }

    /// <summary>Estimated cycles of the whole layer operation in chunks of <paramref name="chunk"/> elements.</summary>
    public static double Estimate(LayerOp op, HardwareConfig hw, long chunk)
    {
        var n = Math.Min(chunk, op.Elements);
        var chunks = (op.Elements + n - 1) / n;
        var bytesPerCycle = hw.Dram.BytesPerCycle(hw.ClockMHz);
        var latency = hw.NsToCycles(hw.Dram.LatencyNs);
        var load = (double)op.BytesIn * n / op.Elements / bytesPerCycle;
        var store = (double)op.BytesOut * n / op.Elements / bytesPerCycle;
        var vector = hw.Vector.Cycles(op.Op, n);
        // Loads and stores share the DRAM channels; the vector engine runs beside them. A chunk's load waits for the
        // run two chunks back (its ping-pong half), so two chunks share one DRAM latency, load, run and store.
        var steady = Math.Max(Math.Max(load + store, vector), (latency + load + vector + store) / 2);
        return latency + load + (chunks - 1) * steady + vector + store + latency;
    }
}
