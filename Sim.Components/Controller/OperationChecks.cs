using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Controller;

/// <summary>
/// Checks an operation against the hardware before it is issued; returns a one-line problem naming the operation,
/// the field or buffer, and the sizes, or null. An operand larger than what its buffer can hold for one tile (half the
/// capacity when double buffered) is an error, never a silent overflow.
/// </summary>
internal static class OperationChecks
{
    public static string Describe(Operation op) => $"operation {op.Id} ({op.Kind}, layer '{op.Layer}', {op.Stage})";

    /// <summary>Bytes of a GEMM tile's output (at most (2^31-1)^2 x 8, so it can exceed 64 bits: saturates at long.MaxValue).</summary>
    public static long GemmOutputBytes(Operation op, HardwareConfig config)
    {
        var bytes = (Int128)op.M * op.N * config.AccumulatorBytes;
        return bytes > long.MaxValue ? long.MaxValue : (long)bytes;
    }

    /// <summary>
    /// Most cycles one operation may take (2^60): the simulated clock, the per-layer sums and the cycle products of
    /// an operation are 64-bit counts, so a single operation beyond this (a trace's 2^31-wide GEMM, a store of 2^60
    /// bytes on a slow channel) is refused before it is issued rather than overflowing mid-simulation.
    /// </summary>
    public const double MaxOperationCycles = 1L << 60;

    /// <summary>
    /// An estimate of the operation's cycles from its sizes, in floating point so it cannot wrap: GEMM folds times
    /// per-fold cycles (an upper bound of the PE array's count before bandwidth slowdowns), DRAM bytes over the
    /// channel rate, element-wise and generation work over their lanes.
    /// </summary>
    private static double CostEstimate(Operation op, HardwareConfig config)
    {
        switch (op.Kind)
        {
            case OpKind.Gemm:
                // The PE array's own mapping (rows, columns, reduction steps), its products taken in floating point.
                var map = PeArray.SystolicMapping.For(op.Dataflow, op.M, op.N, op.K, op.Sparsity);
                double rows = config.ArrayRows, cols = config.ArrayCols;
                var folds = Math.Ceiling(map.Sr / rows) * Math.Ceiling(map.Sc / cols);
                return folds * (2.0 * rows + cols + map.T);
            case OpKind.Load:
            case OpKind.Store:
                return op.Bytes / config.Dram.BytesPerCycle(config.ClockMHz);
            case OpKind.Vector:
                return (double)op.Elements * config.Vector.CostOf(op.VectorOp).CyclesPerElement / config.Vector.Lanes;
            case OpKind.SparseGen:
                return (double)op.Groups / config.SparseGen.Lanes * op.Sparsity.M;
            default:
                return 0;
        }
    }

    /// <summary>Largest Bytes, Elements or Groups of one operation (2^56): their sums over a layer stay 64-bit.</summary>
    public const long MaxCount = 1L << 56;

    /// <summary>Most multiply-accumulates of one GEMM tile (2^62): its MAC counts and their per-layer sums are 64-bit.</summary>
    public const double MaxGemmMacs = 1L << 62;

    private static string? WithinClock(Operation op, HardwareConfig config)
    {
        if (op.Kind == OpKind.Gemm && (double)op.M * op.N * op.K > MaxGemmMacs)
        {
            return $"{Describe(op)}: M={op.M}, N={op.N}, K={op.K} is {((double)op.M * op.N * op.K).ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} multiply-accumulates, more than the {MaxGemmMacs:G3} one GEMM tile may have; expected smaller tiles";
        }
        var cycles = CostEstimate(op, config);
        if (cycles <= MaxOperationCycles) return null;
        var sizes = op.Kind switch
        {
            OpKind.Gemm => $"M={op.M}, N={op.N}, K={op.K} on a {config.ArrayRows}x{config.ArrayCols} array",
            OpKind.Load or OpKind.Store => $"Bytes={op.Bytes} at {config.Dram.BytesPerCycle(config.ClockMHz).ToString("G4", System.Globalization.CultureInfo.InvariantCulture)} bytes per cycle",
            OpKind.Vector => $"Elements={op.Elements}",
            _ => $"Groups={op.Groups}",
        };
        return $"{Describe(op)}: {sizes} takes about {cycles.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} cycles, more than the {MaxOperationCycles:G3} one operation may take; expected smaller tiles";
    }

    public static string? Check(Operation op, HardwareConfig config)
    {
        switch (op.Kind)
        {
            case OpKind.Load:
            case OpKind.Store:
                if (!Enum.IsDefined(op.Buffer)) return $"{Describe(op)}: Buffer {(int)op.Buffer} is not a buffer kind";
                if (op.Bytes < 0) return $"{Describe(op)}: Bytes must be >= 0 (got {op.Bytes})";
                if (op.Bytes > MaxCount) return $"{Describe(op)}: Bytes is {op.Bytes}; expected at most 2^56 in one operation";
                if (op.Kind == OpKind.Load && Fits(op, op.Buffer, op.Bytes, config) is { } tooBig) return tooBig;
                return WithinClock(op, config);
            case OpKind.Gemm:
                if (op.M <= 0 || op.N <= 0 || op.K <= 0) return $"{Describe(op)}: M, N, K must be >= 1 (got M={op.M}, N={op.N}, K={op.K})";
                if (op.Sparsity.N < 1 || op.Sparsity.N > op.Sparsity.M) return $"{Describe(op)}: Sparsity {op.Sparsity.N}:{op.Sparsity.M} needs 1 <= N <= M";
                if (!Enum.IsDefined(op.Dataflow)) return $"{Describe(op)}: Dataflow {(int)op.Dataflow} is not a dataflow";
                // An accumulating tile adds into a resident output of its own size (or allocates one when there is none).
                return Fits(op, BufferKind.Output, (Int128)op.M * op.N * config.AccumulatorBytes, config) ?? WithinClock(op, config);
            case OpKind.Vector:
                if (op.Elements < 0) return $"{Describe(op)}: Elements must be >= 0 (got {op.Elements})";
                if (op.Elements > MaxCount) return $"{Describe(op)}: Elements is {op.Elements}; expected at most 2^56 in one operation";
                return WithinClock(op, config);
            case OpKind.SparseGen:
                if (op.Groups < 0) return $"{Describe(op)}: Groups must be >= 0 (got {op.Groups})";
                if (op.Groups > MaxCount) return $"{Describe(op)}: Groups is {op.Groups}; expected at most 2^56 in one operation";
                if (op.Sparsity.N < 1 || op.Sparsity.N > op.Sparsity.M) return $"{Describe(op)}: Sparsity {op.Sparsity.N}:{op.Sparsity.M} needs 1 <= N <= M";
                return WithinClock(op, config);
            default:
                return $"{Describe(op)}: unknown operation kind {(int)op.Kind}";
        }
    }

    private static string? Fits(Operation op, BufferKind kind, Int128 bytes, HardwareConfig config)
    {
        var buffer = config.Buffers.For(kind);
        if (bytes <= buffer.TileCapacityBytes) return null;
        var how = buffer.DoubleBuffered ? $"half of its {buffer.CapacityBytes} bytes (double buffered)" : $"its {buffer.CapacityBytes} bytes";
        return $"{Describe(op)} needs {bytes} bytes in the {kind} buffer, which holds at most {buffer.TileCapacityBytes} per tile ({how})";
    }
}
