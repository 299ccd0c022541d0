using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Buffers;

/// <summary>
/// Data an operation put into a buffer (a loaded tile, a GEMM's output tile) and the bookkeeping that decides
/// when it is dead. Rule (documented for the workload compiler): data is released once it is <em>sealed</em> and
/// all its issued consumers have completed. It is sealed when an operation consumes a newer resident of the same
/// buffer (the computation has moved on to the next tile of that operand), when newer data is put into the same
/// buffer after it has been used at least once, or at the end of the stream.
/// Accumulating GEMMs continue the resident of the GEMM they depend on.
/// </summary>
internal sealed class BufferResident(long id, BufferKind kind, long bytes)
{
    public long Id { get; } = id;
    public BufferKind Kind { get; } = kind;
    public long Bytes { get; } = bytes;
    public int PendingConsumers { get; set; }
    public int ConsumersIssued { get; set; }
    public bool Sealed { get; set; }
    public bool Allocated { get; set; }
    public bool Released { get; set; }
    public bool ProducerFinished { get; set; }
    public List<long>? Aliases { get; set; }

    /// <summary>Put there by a load (e.g. partial sums brought back into the output buffer), not by a GEMM.</summary>
    public bool FromLoad { get; set; }

    /// <summary>Never used, but a newer resident of the buffer has been consumed (or the stream ended): dead.</summary>
    public bool UnusedCleared { get; set; }
}
