using Sim.Components.Config.Schema;

namespace Sim.Components.Config;

/// <summary>
/// The vector engine: <see cref="Lanes"/> lanes running element-wise layers (ReLU, batch norm, pooling,
/// softmax/loss) and the mixed-precision FP32 weight update (docs/sat.md [note]/[model]). Per-kind costs are
/// [model] defaults: one cycle per element for simple ops; batch norm needs a statistics pass and a normalize
/// pass; the SGD-momentum update reads FP32 weight, momentum and FP16 gradient and writes two FP32 values.
/// Unknown kinds use <see cref="DefaultCost"/>.
/// </summary>
public sealed record VectorConfig
{
    public int Lanes { get; init; } = 32;

    public VectorOpCost DefaultCost { get; init; } = new(1, 4);

    public IReadOnlyDictionary<string, VectorOpCost> Costs { get; init; } = DefaultCosts;

    /// <summary>The scenario keys of <c>vector</c>, declared once.</summary>
    /// <remarks>Ranges: 1 to 65536 lanes, as <see cref="SparseGenConfig"/>; each cost as <see cref="VectorOpCost.Schema"/>.</remarks>
    public static BlockSchema Schema { get; } = Param.Block("vector", "the vector engine: element-wise layers and the FP32 weight update", new VectorConfig(),
        Param.Integer<VectorConfig>("lanes", nameof(Lanes), "", 1, 65536, "[note]", "lanes working on elements in parallel", v => v.Lanes, (v, x) => v with { Lanes = x }),
        Param.Nested<VectorConfig, VectorOpCost>("default_cost", nameof(DefaultCost), VectorOpCost.Schema, v => v.DefaultCost, (v, x) => v with { DefaultCost = x! }),
        Param.Map<VectorConfig, VectorOpCost>("costs", nameof(Costs), "per operation kind (relu, bn_fwd, sgd_momentum, ...): overrides of the built-in costs", VectorOpCost.Schema, v => v.Costs, (v, x) => v with { Costs = x }));

    /// <summary>Built-in per-kind costs.</summary>
    public static IReadOnlyDictionary<string, VectorOpCost> DefaultCosts { get; } = new Dictionary<string, VectorOpCost>(StringComparer.Ordinal)
    {
        ["relu"] = new(1, 2),
        ["relu_bwd"] = new(1, 2),
        ["add"] = new(1, 2),
        ["bn_fwd"] = new(2, 8),
        ["bn_bwd"] = new(3, 8),
        ["maxpool"] = new(1, 4),
        ["maxpool_bwd"] = new(1, 4),
        ["avgpool"] = new(1, 4),
        ["avgpool_bwd"] = new(1, 4),
        ["softmax_ce"] = new(4, 16),
        ["sgd_momentum"] = new(2, 8),
    };

    /// <summary>The cost of a vector operation kind (default when unknown).</summary>
    public VectorOpCost CostOf(string kind) => Costs.TryGetValue(kind, out var c) ? c : DefaultCost;

    /// <summary>Cycles of one vector operation: its kind's latency plus elements x cycles per element over the lanes.</summary>
    public long Cycles(string kind, long elements)
    {
        if (elements <= 0) return 0;
        var cost = CostOf(kind);
        return cost.Latency + (long)Math.Ceiling(elements * cost.CyclesPerElement / Lanes - 1e-9);
    }
}
