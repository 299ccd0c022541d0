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
        sim.Process(_ddr4 is null ? Run() : RunDdr4(), $"dram{index}");
    }

    public int Index { get; }
    public long BusyCycles { get; private set; }
    public long BytesRead { get; private set; }
    public long BytesWritten { get; private set; }
    public long QueuedPeak { get; private set; }
    public Ddr4BankState? Banks => _ddr4;

    public void Enqueue(DramRequest request)
    {
        if (_ddr4 is not null)
        {
            _pending.Add(request);
            if (_pending.Count > QueuedPeak) QueuedPeak = _pending.Count;
            if (_wake is { IsTriggered: false } w) w.Succeed();
            return;
        }
        _queue.Post(request);
        if (_queue.Count > QueuedPeak) QueuedPeak = _queue.Count;
    }

    /// <summary>Ends the channel process once its queue has drained.</summary>
    public void Shutdown()
    {
        if (_ddr4 is not null)
        {
            _shutdown = true;
            if (_wake is { IsTriggered: false } w) w.Succeed();
            return;
        }
        _queue.Put(null);
    }

    // DDR4 option: requests queue here and are served in batches (all that are waiting), so the controller can reorder.
    private readonly List<DramRequest> _pending = [];
    private Event? _wake;
    private bool _shutdown;

    /// <summary>
    /// The DDR4 option's process: takes every waiting request as one batch, lets <see cref="Ddr4BankState.ServeBatch"/>
    /// schedule their bursts (first ready within a 32-burst window, like DRAMsim3's FR-FCFS), and completes each
    /// request when its last data moved; requests arriving meanwhile form the next batch.
    /// </summary>
    private IEnumerable<Event> RunDdr4()
    {
        var ddr4 = _ddr4!;
        var order = new List<int>();
        while (true)
        {
            if (_pending.Count == 0)
            {
                if (_shutdown) yield break;
                _wake = _sim.Event();
                yield return _wake;
                continue;
            }
            var batch = _pending.ToArray();
            _pending.Clear();
            var ends = ddr4.ServeBatch(batch.Select(r => (r.Address, r.Bytes, r.IsWrite, r.IssuedAt / _cyclesPerNs)).ToList());
            order.Clear();
            for (var i = 0; i < batch.Length; i++) order.Add(i);
            order.Sort((a, b) => ends[a] != ends[b] ? ends[a].CompareTo(ends[b]) : a.CompareTo(b));
            var busyFrom = _sim.Now;
            foreach (var i in order)
            {
                var req = batch[i];
                var endCycle = (long)Math.Ceiling(ends[i] * _cyclesPerNs - 1e-9);
                var now = _sim.Now;
                if (req.IsWrite) BytesWritten += req.Bytes; else BytesRead += req.Bytes;
                if (endCycle > now)
                {
                    BusyCycles += endCycle - Math.Max(busyFrom, now);
                    _timeline?.Record(Math.Max(busyFrom, now), endCycle, req.IsWrite ? "write" : "read", null);
                    busyFrom = endCycle;
                    yield return _sim.Delay(endCycle - now);
                }
                _dataFree = Math.Max(_dataFree, endCycle);
                req.Done.Succeed();
            }
        }
    }

    /// <summary>The bandwidth-latency model's process: requests in order.</summary>
    private IEnumerable<Event> Run()
    {
        StoreGet<DramRequest?>? get = null;
        while (true)
        {
            get = _queue.GetNext(get);
            yield return get;
            if (get.Item is not { } req) yield break;
            var now = _sim.Now;
            var start = Math.Max(Math.Max(_dataFree, now), req.IssuedAt + _latency);
            var bytes = (req.Bytes + _burst - 1) / _burst * _burst;
            var end = start + bytes / _bytesPerCycle;
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
