using Sim.Components.Config;
using Sim.Components.Reports;
using Sim.Core;

namespace Sim.Components.Dram;

/// <summary>
/// The off-chip memory: channels that interleave addresses at <see cref="DramConfig.InterleaveBytes"/>. A transfer
/// is cut into per-channel requests (each channel gets its share of the interleave units) and completes when all
/// of them have. Addresses are assigned sequentially per stream (read/write x buffer) so the DDR4 row model sees
/// the streaming access pattern of tiles. An ideal memory completes every transfer at once.
/// </summary>
internal sealed class DramSystem : IMemorySystem
{
    private readonly Simulation _sim;
    private readonly DramChannel[] _channels;
    private readonly int _interleave;
    private readonly bool _ideal;
    private readonly long[] _nextAddress = new long[16];
    private readonly long[] _perChannel;
    private readonly List<Event> _parts;

    public DramSystem(Simulation sim, HardwareConfig config, bool ideal, Func<string, TimelineRecorder?> timeline)
    {
        _sim = sim;
        _ideal = ideal;
        _interleave = config.Dram.InterleaveBytes;
        _channels = new DramChannel[config.Dram.Channels];
        for (var i = 0; i < _channels.Length; i++)
        {
            _channels[i] = new DramChannel(sim, config, i, ideal ? null : timeline($"DRAM ch{i}"));
        }
        _perChannel = new long[_channels.Length];
        _parts = new List<Event>(_channels.Length);
        for (var s = 0; s < _nextAddress.Length; s++) _nextAddress[s] = (long)s << 36;
    }

    public IReadOnlyList<DramChannel> Channels => _channels;

    public IReadOnlyList<long> ChannelBusyCycles => _channels.Select(c => c.BusyCycles).ToArray();
    public long BytesRead { get; private set; }
    public long BytesWritten { get; private set; }

    public void Shutdown()
    {
        foreach (var c in _channels) c.Shutdown();
    }

    /// <summary>Starts a transfer of <paramref name="bytes"/> on stream <paramref name="stream"/> (0..15); the returned event succeeds when it is complete.</summary>
    public Event Transfer(long bytes, bool isWrite, int stream)
    {
        if (isWrite) BytesWritten += bytes; else BytesRead += bytes;
        if (_ideal || bytes == 0)
        {
            return _sim.Event().Succeed();
        }
        var address = _nextAddress[stream];
        _nextAddress[stream] += bytes;
        if (_channels.Length == 1)
        {
            var done = _sim.Event();
            _channels[0].Enqueue(new DramRequest(bytes, address, isWrite, _sim.Now, done));
            return done;
        }
        // Split the byte range [address, address + bytes) into interleave units, round robin over channels.
        var perChannel = _perChannel;
        var firstUnit = address / _interleave;
        var lastUnit = (address + bytes - 1) / _interleave;
        var units = lastUnit - firstUnit + 1;
        var full = units / _channels.Length;
        var extra = units % _channels.Length;
        for (var c = 0; c < _channels.Length; c++)
        {
            var ch = (int)((firstUnit + c) % _channels.Length);
            perChannel[ch] = (full + (c < extra ? 1 : 0)) * _interleave;
        }
        // Trim the partial first and last units so the shares sum to the transfer size.
        perChannel[(int)(firstUnit % _channels.Length)] -= address % _interleave;
        perChannel[(int)(lastUnit % _channels.Length)] -= _interleave - 1 - (address + bytes - 1) % _interleave;
        var parts = _parts;
        parts.Clear();
        for (var c = 0; c < _channels.Length; c++)
        {
            if (perChannel[c] <= 0) continue;
            var e = _sim.Event();
            _channels[c].Enqueue(new DramRequest(perChannel[c], address / _channels.Length, isWrite, _sim.Now, e));
            parts.Add(e);
        }
        return parts.Count == 1 ? parts[0] : _sim.AllOf(parts); // the condition copies the list
    }
}
