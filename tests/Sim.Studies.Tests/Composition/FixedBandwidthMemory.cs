using Sim.Components.Dram;
using Sim.Core;

namespace Sim.Studies.Tests.Composition;

/// <summary>
/// A user's memory model, written against the public interface only: one pipe moving
/// <c>bytesPerCycle</c> bytes per cycle, transfers served in arrival order, no latency.
/// A stream of B bytes therefore takes ceil(B / bytesPerCycle) cycles in all.
/// </summary>
internal sealed class FixedBandwidthMemory(double bytesPerCycle) : IDramModel
{
    public int Built { get; private set; }

    public IMemorySystem Build(DramContext context)
    {
        Built++;
        return new Pipe(context.Simulation, bytesPerCycle);
    }

    private sealed class Pipe(Simulation sim, double bytesPerCycle) : IMemorySystem
    {
        private double _free;
        private long _busy;

        public long BytesRead { get; private set; }

        public long BytesWritten { get; private set; }

        public IReadOnlyList<long> ChannelBusyCycles => [_busy];

        public Event Transfer(long bytes, bool isWrite, int stream)
        {
            if (isWrite) BytesWritten += bytes; else BytesRead += bytes;
            var start = Math.Max(_free, sim.Now);
            _free = start + bytes / bytesPerCycle;
            var end = (long)Math.Ceiling(_free - 1e-9);
            _busy += end - (long)Math.Floor(start);
            return sim.Timeout(end - sim.Now);
        }

        public void Shutdown()
        {
        }
    }
}
