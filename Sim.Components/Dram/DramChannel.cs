using Sim.Components.Config;
using Sim.Components.Reports;
using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Components.Dram;

/// <summary>
/// One DRAM channel as a process serving its request queue in order. Bandwidth-latency model: a request's data
/// starts no earlier than its issue time plus the access latency and no earlier than the previous request's data
/// ended (latency of queued requests overlaps earlier transfers), and takes burst-rounded bytes / peak bandwidth.
/// With <see cref="DramConfig.Ddr4"/> set, the DDR4 command model (<see cref="Ddr4BankState"/>) times each request instead.
/// </summary>
internal sealed class DramChannel
{
    private readonly Simulation _sim;
    private readonly Store<DramRequest?> _queue;
    private readonly double _bytesPerCycle;
    private readonly long _latency;
    private readonly int _burst;
    private readonly Ddr4BankState? _ddr4;
    private readonly double _cyclesPerNs;
    private readonly TimelineRecorder? _timeline;
    private double _dataFree;

    public DramChannel(Simulation sim, HardwareConfig config, int index, TimelineRecorder? timeline)
    {
        _sim = sim;
        Index = index;
        _queue = new Store<DramRequest?>(sim, int.MaxValue, $"dram{index}.queue");
        _bytesPerCycle = config.Dram.GBpsPerChannel * 1e3 / config.ClockMHz;
        _latency = config.NsToCycles(config.Dram.LatencyNs);
        _burst = config.Dram.BurstBytes;
        _cyclesPerNs = config.ClockMHz / 1e3;
        _ddr4 = config.Dram.Ddr4 is { } t ? new Ddr4BankState(t, config.Dram.BurstBytes) : null;
        _timeline = timeline;
        sim.Process(Run(), $"dram{index}");
    }

    public int Index { get; }
    public long BusyCycles { get; private set; }
    public long BytesRead { get; private set; }
    public long BytesWritten { get; private set; }
    public long QueuedPeak { get; private set; }
    public Ddr4BankState? Banks => _ddr4;

    public void Enqueue(DramRequest request)
    {
        _queue.Post(request);
        if (_queue.Count > QueuedPeak) QueuedPeak = _queue.Count;
    }

    /// <summary>Ends the channel process once its queue has drained.</summary>
    public void Shutdown() => _queue.Put(null);

    private IEnumerable<Event> Run()
    {
        StoreGet<DramRequest?>? get = null;
        while (true)
        {
            get = _queue.GetNext(get);
            yield return get;
            if (get.Item is not { } req) yield break;
            var now = _sim.Now;
            double start, end;
            if (_ddr4 is null)
            {
                start = Math.Max(Math.Max(_dataFree, now), req.IssuedAt + _latency);
                var bytes = (req.Bytes + _burst - 1) / _burst * _burst;
                end = start + bytes / _bytesPerCycle;
            }
            else
            {
                // The bank state orders commands itself: a request's commands may start at its arrival, before the
                // previous request's data has finished (activations overlap transfers).
                var endNs = _ddr4.Serve(req.Address, req.Bytes, req.IsWrite, req.IssuedAt / _cyclesPerNs);
                start = Math.Max(_dataFree, now);
                end = endNs * _cyclesPerNs;
            }
            _dataFree = end;
            var endCycle = (long)Math.Ceiling(end - 1e-9);
            var startCycle = (long)Math.Floor(start);
            if (req.IsWrite) BytesWritten += req.Bytes; else BytesRead += req.Bytes;
            if (endCycle > now)
            {
                BusyCycles += endCycle - Math.Max(startCycle, now);
                _timeline?.Record(Math.Max(startCycle, now), endCycle, req.IsWrite ? "write" : "read", null);
                yield return _sim.Delay(endCycle - now);
            }
            req.Done.Succeed();
        }
    }
}
