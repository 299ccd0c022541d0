using Sim.Core;

namespace Sim.Components.Dram;

/// <summary>One burst-aligned transfer queued at one DRAM channel; <see cref="Done"/> succeeds when its last byte moved.</summary>
internal sealed class DramRequest(long bytes, long address, bool isWrite, long issuedAt, Event done)
{
    public long Bytes { get; } = bytes;
    public long Address { get; } = address;
    public bool IsWrite { get; } = isWrite;
    public long IssuedAt { get; } = issuedAt;
    public Event Done { get; } = done;
}
