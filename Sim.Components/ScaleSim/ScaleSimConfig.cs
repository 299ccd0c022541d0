using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.ScaleSim;

/// <summary>
/// The parts of a SCALE-Sim v2 <c>.cfg</c> file that determine its results: array size, dataflow, SRAM sizes (KiB of
/// one-byte words), interface bandwidth mode and, in USER mode, bandwidth in words per cycle.
/// </summary>
public sealed record ScaleSimConfig
{
    public string RunName { get; init; } = "scale_run";
    public int ArrayHeight { get; init; } = 32;
    public int ArrayWidth { get; init; } = 32;
    public long IfmapSramKb { get; init; } = 64;
    public long FilterSramKb { get; init; } = 64;
    public long OfmapSramKb { get; init; } = 64;
    public Dataflow Dataflow { get; init; } = Dataflow.OutputStationary;

    /// <summary>True for <c>InterfaceBandwidth: USER</c> (use <see cref="BandwidthWordsPerCycle"/>), false for CALC.</summary>
    public bool UserBandwidth { get; init; }

    public double BandwidthWordsPerCycle { get; init; } = 10;
    public string? TopologyPath { get; init; }

    /// <summary>The file this configuration was read from and the line of its Bandwidth key (for messages).</summary>
    public string SourceFile { get; init; } = "";
    public int BandwidthLine { get; init; }

    /// <summary>SCALE-Sim v3's <c>[sparsity] SparsitySupport</c> and <c>OptimizedMapping</c> (row-wise N:M).</summary>
    public bool SparsitySupport { get; init; }
    public bool SparsityRowWise { get; init; }

    /// <summary>SCALE-Sim v3's <c>[sparsity] SparseRep</c>: ellpack_block, csr or csc (the storage SPARSE_REPORT.csv reports).</summary>
    public string SparseRepresentation { get; init; } = "ellpack_block";

    /// <summary>SCALE-Sim v3's <c>[sparsity] BlockSize</c>: the M of row-wise N:M (2 to ArrayHeight); 0 without row-wise mapping.</summary>
    public int SparsityBlockSize { get; init; }

    /// <summary>SCALE-Sim v3's <c>[sparsity] RandomNumberGeneratorSeed</c> (default 40): seeds the per-filter N of row-wise N:M.</summary>
    public uint SparsitySeed { get; init; } = 40;

    /// <summary><c>FilterOffset</c> as written (a whole number), or null: only row-wise N:M depends on it (see <see cref="ScaleSimCompatibility"/>).</summary>
    public long? FilterOffset { get; init; }

    /// <summary>SCALE-Sim v3's <c>[layout] IfmapSRAMBankBandwidth</c> / <c>FilterSRAMBankBandwidth</c> as written (whole numbers), or null.</summary>
    public long? IfmapBankBandwidth { get; init; }
    public long? FilterBankBandwidth { get; init; }

    /// <summary>SCALE-Sim v3's <c>[layout] IfmapCustomLayout</c> or <c>FilterCustomLayout</c> is true (not reproduced).</summary>
    public bool CustomLayout { get; init; }

    /// <summary>
    /// SCALE-Sim v3's <c>[run_presets] UseRamulatorTrace</c> is exactly <c>True</c> (v3 compares the text
    /// case-sensitively): v3 then takes DRAM latencies from Ramulator trace files instead of its fixed-latency
    /// interface. Not reproduced.
    /// </summary>
    public bool RamulatorTrace { get; init; }

    /// <summary>True when the layer-wise N:M model applies (v3 with SparsitySupport and without OptimizedMapping).</summary>
    public bool LayerWiseSparsity => SparsitySupport && !SparsityRowWise;
}
