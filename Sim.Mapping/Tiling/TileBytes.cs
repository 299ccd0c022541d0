using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;

namespace Sim.Mapping.Tiling;

/// <summary>
/// Bytes of one GEMM tile's operands as they sit in SAT's buffers: A (M x K, dense) in the input buffer;
/// B (K x N, N:M compressed along K when sparse) in the weight buffer with its in-group indices in the
/// index buffer; the output tile in FP32 partial sums while it accumulates, FP16 once stored.
/// </summary>
public static class TileBytes
{
    public static long A(long tm, long tk, HardwareConfig hw) => tm * tk * hw.OperandBytes;

    public static long B(long tk, long tn, NmPattern p, HardwareConfig hw) => p.Kept(tk) * tn * hw.OperandBytes;

    public static long Index(long tk, long tn, NmPattern p) => p.IndexBytes(p.Kept(tk) * tn);

    public static long Partial(long tm, long tn, HardwareConfig hw) => tm * tn * hw.AccumulatorBytes;

    public static long Final(long tm, long tn, HardwareConfig hw) => tm * tn * hw.OperandBytes;

    /// <summary>
    /// Whether a tile fits with double buffering: each operand tile in one ping-pong half of its buffer, and
    /// <paramref name="interleave"/> resident output tiles (FP32) in one half of the output buffer.
    /// </summary>
    public static bool Fits(long tm, long tn, long tk, NmPattern p, int interleave, HardwareConfig hw) =>
        A(tm, tk, hw) <= hw.Buffers.Input.TileCapacityBytes
        && B(tk, tn, p, hw) <= hw.Buffers.Weight.TileCapacityBytes
        && Index(tk, tn, p) <= hw.Buffers.Index.TileCapacityBytes
        && interleave * Partial(tm, tn, hw) <= hw.Buffers.Output.TileCapacityBytes;
}
