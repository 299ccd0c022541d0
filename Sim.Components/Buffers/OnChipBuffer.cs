using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Core;

namespace Sim.Components.Buffers;

/// <summary>
/// Occupancy bookkeeping of one on-chip buffer. Producers (loads, GEMM outputs) reserve bytes before they write
/// and wait, first come first served, while the buffer is full: that wait is the back-pressure that limits how far
/// the controller can prefetch. Bytes leave when their data is dead. The buffer never holds more than its
/// capacity (checked on every reservation), and counts bytes in and out so conservation can be verified.
/// </summary>
public sealed class OnChipBuffer
{
    private readonly Simulation _sim;
    private readonly Queue<(long Bytes, Event Granted)> _waiters = new();

    public OnChipBuffer(Simulation sim, BufferKind kind, BufferConfig config)
    {
        _sim = sim;
        Kind = kind;
        Config = config;
    }

    public BufferKind Kind { get; }
    public BufferConfig Config { get; }
    public long Capacity => Config.CapacityBytes;
    public long Used { get; private set; }
    public long Peak { get; private set; }
    public long BytesIn { get; private set; }
    public long BytesOut { get; private set; }

    /// <summary>Bytes the PE array or vector engine read from this buffer (for energy).</summary>
    public long BytesReadByCompute { get; set; }

    /// <summary>Bytes written by compute units (GEMM results), for energy.</summary>
    public long BytesWrittenByCompute { get; set; }

    public int Waiting => _waiters.Count;

    /// <summary>Reserves space now if possible (and nobody waits before us); otherwise returns an event granted later.</summary>
    public Event? Reserve(long bytes)
    {
        if (bytes > Capacity)
        {
            throw new InvalidOperationException($"{bytes} bytes exceed the {Kind} buffer capacity {Capacity}");
        }
        if (_waiters.Count == 0 && Used + bytes <= Capacity)
        {
            Take(bytes);
            return null;
        }
        var granted = _sim.Event();
        granted.Description = $"space for {bytes} bytes in the {Kind} buffer ({Used} of {Capacity} used)";
        _waiters.Enqueue((bytes, granted));
        return granted;
    }

    /// <summary>Releases bytes of dead data and grants waiting reservations in order.</summary>
    public void Release(long bytes)
    {
        if (bytes > Used)
        {
            throw new InvalidOperationException($"releasing {bytes} bytes from the {Kind} buffer that holds only {Used}");
        }
        Used -= bytes;
        BytesOut += bytes;
        while (_waiters.Count > 0 && Used + _waiters.Peek().Bytes <= Capacity)
        {
            var (b, granted) = _waiters.Dequeue();
            Take(b);
            granted.Succeed();
        }
    }

    private void Take(long bytes)
    {
        Used += bytes;
        BytesIn += bytes;
        if (Used > Peak) Peak = Used;
    }
}
