using Sim.Components.Config.Schema;

namespace Sim.Components.Config;

/// <summary>
/// The sparse online reduction engine that produces N:M weights from dense ones: <see cref="Lanes"/> lanes, each a
/// top-k sorter with a data provider taking M cycles per group of M (docs/sat.md [note]: 32 lanes).
/// </summary>
public sealed record SparseGenConfig
{
    public int Lanes { get; init; } = 32;

    /// <summary>Pipeline depth added once per operation (sorter network fill).</summary>
    public int PipelineLatency { get; init; } = 4;

    /// <summary>The scenario keys of <c>sparse_gen</c>, declared once.</summary>
    /// <remarks>Ranges: 1 to 65536 lanes (SAT has 32; one per DSP of the largest device is far beyond any design); a pipeline of 0 to 2^20 cycles.</remarks>
    public static BlockSchema Schema { get; } = Param.Block("sparse_gen", "the sparse online reduction engine (N:M weight generation)", new SparseGenConfig(),
        Param.Integer<SparseGenConfig>("lanes", nameof(Lanes), "", 1, 65536, "[note]", "top-k sorter lanes, each taking M cycles per group of M", g => g.Lanes, (g, v) => g with { Lanes = v }),
        Param.Integer<SparseGenConfig>("pipeline_latency", nameof(PipelineLatency), "cycles", 0, 1 << 20, "[model]", "sorter pipeline fill, paid once per operation", g => g.PipelineLatency, (g, v) => g with { PipelineLatency = v }));
}
