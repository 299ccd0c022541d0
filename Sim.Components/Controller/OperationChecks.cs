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

    public static long GemmOutputBytes(Operation op, HardwareConfig config) => (long)op.M * op.N * config.AccumulatorBytes;

    public static string? Check(Operation op, HardwareConfig config)
    {
        switch (op.Kind)
        {
            case OpKind.Load:
            case OpKind.Store:
                if (!Enum.IsDefined(op.Buffer)) return $"{Describe(op)}: Buffer {(int)op.Buffer} is not a buffer kind";
                if (op.Bytes < 0) return $"{Describe(op)}: Bytes must be >= 0 (got {op.Bytes})";
                if (op.Kind == OpKind.Load) return Fits(op, op.Buffer, op.Bytes, config);
                return null;
            case OpKind.Gemm:
                if (op.M <= 0 || op.N <= 0 || op.K <= 0) return $"{Describe(op)}: M, N, K must be >= 1 (got M={op.M}, N={op.N}, K={op.K})";
                if (op.Sparsity.N < 1 || op.Sparsity.N > op.Sparsity.M) return $"{Describe(op)}: Sparsity {op.Sparsity.N}:{op.Sparsity.M} needs 1 <= N <= M";
                if (!Enum.IsDefined(op.Dataflow)) return $"{Describe(op)}: Dataflow {(int)op.Dataflow} is not a dataflow";
                return op.Accumulate ? null : Fits(op, BufferKind.Output, GemmOutputBytes(op, config), config);
            case OpKind.Vector:
                return op.Elements < 0 ? $"{Describe(op)}: Elements must be >= 0 (got {op.Elements})" : null;
            case OpKind.SparseGen:
                if (op.Groups < 0) return $"{Describe(op)}: Groups must be >= 0 (got {op.Groups})";
                if (op.Sparsity.N < 1 || op.Sparsity.N > op.Sparsity.M) return $"{Describe(op)}: Sparsity {op.Sparsity.N}:{op.Sparsity.M} needs 1 <= N <= M";
                return null;
            default:
                return $"{Describe(op)}: unknown operation kind {(int)op.Kind}";
        }
    }

    private static string? Fits(Operation op, BufferKind kind, long bytes, HardwareConfig config)
    {
        var buffer = config.Buffers.For(kind);
        if (bytes <= buffer.TileCapacityBytes) return null;
        var how = buffer.DoubleBuffered ? $"half of its {buffer.CapacityBytes} bytes (double buffered)" : $"its {buffer.CapacityBytes} bytes";
        return $"{Describe(op)} needs {bytes} bytes in the {kind} buffer, which holds at most {buffer.TileCapacityBytes} per tile ({how})";
    }
}
