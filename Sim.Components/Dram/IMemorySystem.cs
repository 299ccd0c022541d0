using Sim.Core;

namespace Sim.Components.Dram;

/// <summary>
/// The off-chip memory of one run as the DMA engines see it: transfers that complete as events, the
/// bytes moved and each channel's busy cycles for the report.
/// </summary>
public interface IMemorySystem
{
    /// <summary>
    /// Starts a transfer of <paramref name="bytes"/> on stream <paramref name="stream"/> (0..15: read or
    /// write of one buffer; each stream's addresses are sequential); the event succeeds when it is complete.
    /// </summary>
    Event Transfer(long bytes, bool isWrite, int stream);

    long BytesRead { get; }

    long BytesWritten { get; }

    /// <summary>Cycles each channel was moving data, in channel order (reported as "DRAM ch{i}").</summary>
    IReadOnlyList<long> ChannelBusyCycles { get; }

    /// <summary>Called once every operation has finished: ends the memory's processes.</summary>
    void Shutdown();
}
