using Sim.Studies.Reports;
using Sim.Core.Monitoring;

namespace Sim.Studies.Timing;

/// <summary>
/// What the hardware simulation says about one operation stream (one training iteration), reduced to what
/// reports need. Kept separate from the components' report so the co-simulation can cache and sum it.
/// </summary>
public sealed record IterationTiming
{
    public required long Cycles { get; init; }
    public required double Seconds { get; init; }
    public long Operations { get; init; }
    public long KernelEvents { get; init; }
    public long ComputeCycles { get; init; }
    public long MemoryStallCycles { get; init; }
    public long DenseMacs { get; init; }
    public long EffectiveMacs { get; init; }
    public double ArrayUtilization { get; init; }
    public double MappingEfficiency { get; init; }
    public long DramBytesRead { get; init; }
    public long DramBytesWritten { get; init; }
    public double EnergyJ { get; init; }
    public double StaticEnergyJ { get; init; }

    /// <summary>Energy by source in joules (dense_mac, sparse_mac, buffer, dram, vector, sparse_gen, static).</summary>
    public IReadOnlyDictionary<string, double> EnergyBySource { get; init; } = new Dictionary<string, double>();

    /// <summary>Per (layer, stage) rows, with an empty method name (filled in by the caller).</summary>
    public IReadOnlyList<LayerRow> Layers { get; init; } = [];

    /// <summary>Per stage: summed span cycles of its (layer, stage) rows (stages overlap when pipelined).</summary>
    public IReadOnlyDictionary<string, long> StageSpanCycles { get; init; } = new Dictionary<string, long>();

    /// <summary>Per stage: PE-array compute cycles.</summary>
    public IReadOnlyDictionary<string, long> StageComputeCycles { get; init; } = new Dictionary<string, long>();

    /// <summary>The iteration's cycles by bound (compute, ..., dependence; every bound, summing to <see cref="Cycles"/>).</summary>
    public IReadOnlyDictionary<string, long> BoundCycles { get; init; } = new Dictionary<string, long>();

    /// <summary>The same split per stage (stage -> bound -> cycles; bounds with no cycles omitted).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> StageBoundCycles { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, long>>();

    /// <summary>Per-component busy intervals (for the timeline and the Chrome trace).</summary>
    public IReadOnlyList<BusyInterval> Timeline { get; init; } = [];
}
