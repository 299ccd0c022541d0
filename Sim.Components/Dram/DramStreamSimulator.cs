using Sim.Components.Config;
using Sim.Core;

namespace Sim.Components.Dram;

/// <summary>
/// Drives one DRAM channel of SatSim's model (bandwidth-latency or the DDR4 option) with a request stream outside
/// the accelerator, so the model can be compared request by request with a cycle-level DRAM simulator. Time is in
/// memory clocks of <c>clockNs</c>; the channel itself runs at <see cref="TicksPerClock"/> ticks per memory clock, so
/// that the accelerator's whole-cycle rounding (at most one cycle per request, which for 64 B requests at the memory
/// clock would be 25 %) is not counted as model error. Requests are served in the order given (each arrives at its
/// own cycle); the result is each request's completion cycle (its last data moved), rounded up to whole clocks.
/// </summary>
public static class DramStreamSimulator
{
    /// <summary>Simulation ticks per memory clock.</summary>
    public const int TicksPerClock = 64;

    /// <summary>Completion cycle of every request of <paramref name="stream"/>, in order.</summary>
    public static long[] Run(DramConfig dram, double clockNs, IReadOnlyList<DramStreamRequest> stream)
    {
        ArgumentNullException.ThrowIfNull(dram);
        ArgumentNullException.ThrowIfNull(stream);
        if (!(clockNs > 0) || double.IsInfinity(clockNs)) throw new ArgumentOutOfRangeException(nameof(clockNs), clockNs, "clock period must be a finite number > 0 ns");
        var valid = (HardwareConfig.Sat with { Dram = dram with { Channels = 1 } }).EnsureValid();
        // The channel's clock is the simulation tick (TicksPerClock per memory clock, 76.8 GHz at DDR4-2400), not an
        // accelerator clock, so it is set after the check: clock_mhz's range is an accelerator's.
        var config = valid with { ClockMHz = 1e3 * TicksPerClock / clockNs };
        var sim = new Simulation();
        var channel = new DramChannel(sim, config, 0, null);
        var done = new Event[stream.Count];
        long last = long.MinValue;
        for (var i = 0; i < stream.Count; i++)
        {
            var r = stream[i];
            if (r.ArrivalCycle < last) throw new ArgumentException($"request {i}: arrival {r.ArrivalCycle} before the previous request's {last}", nameof(stream));
            if (r.ArrivalCycle < 0 || r.Bytes <= 0 || r.Address < 0) throw new ArgumentException($"request {i}: arrival, address must be >= 0 and bytes >= 1", nameof(stream));
            last = r.ArrivalCycle;
            done[i] = sim.Event();
            channel.Enqueue(new DramRequest(r.Bytes, r.Address, r.IsWrite, checked(r.ArrivalCycle * TicksPerClock), done[i]));
        }
        var completion = new long[stream.Count];
        sim.Process(Watch(sim, done, completion, channel), "dram stream");
        sim.Run();
        return completion;
    }

    private static IEnumerable<Event> Watch(Simulation sim, Event[] done, long[] completion, DramChannel channel)
    {
        for (var i = 0; i < done.Length; i++)
        {
            yield return done[i];
            completion[i] = (sim.Now + TicksPerClock - 1) / TicksPerClock;
        }
        channel.Shutdown();
    }
}
