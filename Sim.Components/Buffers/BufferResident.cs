using Sim.Components.Operations;

namespace Sim.Components.Buffers;

/// <summary>
/// Data an operation put into a buffer (a loaded tile, a GEMM's output tile) and the bookkeeping that decides
/// when it is dead. Rule (documented for the workload compiler): data is released once it is <em>sealed</em> and
/// all its issued consumers have completed. It is sealed when an operation consumes a newer resident of the same
/// buffer (the computation has moved on to the next tile of that operand), or at the end of the stream.
/// Accumulating GEMMs continue the resident of the GEMM they depend on.
/// </summary>
internal sealed class BufferResident(long id, BufferKind kind, long bytes)
{
    public long Id { get; } = id;
    public BufferKind Kind { get; } = kind;
    public long Bytes { get; } = bytes;
    public int PendingConsumers { get; set; }
    public bool Sealed { get; set; }
    public bool Allocated { get; set; }
    public bool Released { get; set; }
    public bool ProducerFinished { get; set; }
    public List<long>? Aliases { get; set; }
}
