using Sim.Vocabulary;
using Sim.Workloads.Models;

namespace Sim.Workloads.Lowering;

/// <summary>
/// Decides, per weight tensor and stage, whether the weight operand is N:M sparse. Rules (the paper's, docs/sat.md):
/// dense training never; SR-STE in FP only; BDWP in FP (groups along Cin) and BP (groups along Cout); WG
/// never. A stage is sparse only where its grouped dimension is a multiple of M, and by default the first
/// weight layer stays dense; <see cref="LoweringOptions.SparseLayers"/>, when given, keeps every other layer dense.
/// The functional engine and the lowering share this one rule.
/// </summary>
public sealed class SparsityPlan
{
    private readonly LoweringOptions _options;
    private readonly string? _firstLayer;

    public SparsityPlan(ModelGraph model, LoweringOptions options)
    {
        _options = options;
        _firstLayer = model.FirstWeightLayer?.Name;
    }

    /// <summary>
    /// Grouped dimension sizes of a prunable weight: (input channels, output channels) of the conv/linear
    /// (per group for a grouped conv, so a depthwise conv, one input channel per group, stays dense)
    /// weight named <paramref name="weight"/> in <paramref name="layer"/>.
    /// </summary>
    public static (int In, int Out) GroupedDims(Layer layer, string weight) => (layer, weight) switch
    {
        (Conv2d c, "weight") => (c.GroupInChannels, c.GroupOutChannels),
        (Linear l, "weight") => (l.InFeatures, l.OutFeatures),
        (MultiHeadSelfAttention a, "qkv.weight") => (a.Dim, 3 * a.Dim),
        (MultiHeadSelfAttention a, "proj.weight") => (a.Dim, a.Dim),
        (PatchEmbed p, "proj.weight") => (p.InChannels, p.Dim),
        _ => throw new ArgumentException($"layer '{layer.Name}' has no prunable weight '{weight}'"),
    };

    /// <summary>The dimension a stage's mask groups along: Cin for FP, Cout for BP, none otherwise.</summary>
    public static WeightDimension GroupedDimension(Stage stage) => stage switch
    {
        Stage.FP => WeightDimension.InputChannels,
        Stage.BP => WeightDimension.OutputChannels,
        _ => WeightDimension.None,
    };

    /// <summary>Whether the method prunes a stage at all.</summary>
    public bool MethodPrunes(Stage stage) => _options.Method switch
    {
        TrainingMethod.Srste => stage == Stage.FP,
        TrainingMethod.Bdwp => stage is Stage.FP or Stage.BP,
        _ => false,
    };

    /// <summary>The pattern of weight <paramref name="weight"/> of <paramref name="layer"/> in <paramref name="stage"/> (dense when not sparse).</summary>
    public NmPattern PatternFor(Layer layer, string weight, Stage stage)
    {
        if (!MethodPrunes(stage) || (_options.DenseFirstLayer && layer.Name == _firstLayer)
            || (_options.SparseLayers is { } only && !only.Contains(layer.Name)))
        {
            return NmPattern.Dense;
        }
        var (cin, cout) = GroupedDims(layer, weight);
        var grouped = stage == Stage.FP ? cin : cout;
        return grouped % _options.Pattern.M == 0 ? _options.Pattern : NmPattern.Dense;
    }
}
