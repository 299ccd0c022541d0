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

    internal void Validate(string prefix, List<string> problems)
    {
        if (Lanes <= 0) problems.Add($"{prefix}.Lanes: must be >= 1 (got {Lanes})");
        if (PipelineLatency < 0) problems.Add($"{prefix}.PipelineLatency: must be >= 0 (got {PipelineLatency})");
    }
}
