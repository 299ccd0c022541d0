using System.Buffers;
using System.Runtime.InteropServices;

namespace Sim.Onnx;

/// <summary>
/// Little-endian FP32 bytes (an initializer's raw data as parsed from the file) seen as floats, without a copy:
/// the memory of a decoded weight is the file's bytes themselves. Only for little-endian machines, where the
/// in-memory float is the file's byte order.
/// </summary>
internal sealed class FloatView(ReadOnlyMemory<byte> bytes) : MemoryManager<float>
{
    private readonly Memory<byte> _bytes = MemoryMarshal.AsMemory(bytes);

    /// <inheritdoc/>
    public override Span<float> GetSpan() => MemoryMarshal.Cast<byte, float>(_bytes.Span);

    /// <inheritdoc/>
    public override MemoryHandle Pin(int elementIndex = 0) => _bytes[(elementIndex * sizeof(float))..].Pin();

    /// <inheritdoc/>
    public override void Unpin()
    {
        // the handle returned by Pin unpins the bytes' own memory when disposed
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        // nothing owned: the bytes belong to the parsed file
    }
}
