namespace Sim.Components.ScaleSim;

/// <summary>
/// A SCALE-Sim v2 double-buffered read SRAM in front of DRAM: serves one cycle's demand row and says when it was
/// served (the cycle plus its one-cycle hit latency plus any stall); counts the DRAM words it fetched and the first
/// and last cycle of its DRAM trace.
/// </summary>
internal interface IScaleSimReadBuffer
{
    /// <summary>Serves the words of one demand row (entries &lt; 0 are empty) requested at <paramref name="cycle"/>; returns the cycle it completes.</summary>
    long Service(long cycle, ReadOnlySpan<int> words);

    /// <summary>Called once after the last row (flushes outstanding prefetches).</summary>
    void Finish();

    long DramWords { get; }
    long DramStart { get; }
    long DramStop { get; }
}
