using Sim.Vocabulary;
using Sim.Training.Engine;
using Sim.Training.Layers;
using Sim.Training.Sparsity;
using Sim.Training.Tensors;
using Sim.Workloads.Lowering;
using W = Sim.Workloads.Models;

namespace Sim.Training.Models;

/// <summary>
/// Builds the numeric network of a <see cref="W.ModelGraph"/> (the model description shared with the
/// workload compiler), initialized from a seed, and the per-layer N:M decisions from the compiler's own
/// <see cref="SparsityPlan"/>, so that what trains here is exactly what the timing simulator lowers; the
/// network records its operations through the same lowering (<see cref="OpLowering"/>).
/// </summary>
public static class NetworkBuilder
{
    /// <summary>The network and its sparsity controller.</summary>
    public sealed record Built(GraphNetwork Network, SparsityController Sparsity, W.ModelGraph Model);

    /// <param name="model">The model description.</param>
    /// <param name="sparsity">Method and N:M pattern.</param>
    /// <param name="seed">Initializes every parameter <paramref name="initialValues"/> does not give.</param>
    /// <param name="initialValues">
    /// Per parameter name ("layer.weight"), values to start from (an imported network's file weights), in the
    /// layer's layout. Such a network also computes GELU exactly (erf), as the framework it came from did.
    /// </param>
    public static Built Build(W.ModelGraph model, SparsityConfig sparsity, ulong seed, IReadOnlyDictionary<string, Func<ReadOnlyMemory<float>>>? initialValues = null)
    {
        var rng = new Rng(seed);
        var nodes = new List<GraphNetwork.Node>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var weightLayers = new List<(WeightLayer Layer, W.Layer Spec, string Weight)>();
        int Src(string name) => name == W.ModelGraph.InputName ? -1 : index[name];

        foreach (var spec in model.Layers)
        {
            if (spec is W.SoftmaxCrossEntropy)
            {
                continue; // the trainer applies the loss to the last output
            }
            Layer? layer = ImportedLayerFactory.Create(spec, rng) ?? spec switch
            {
                W.Gelu when initialValues is not null => new ErfGELU(),
                W.Conv2d c => new Conv2d(c.InChannels, c.OutChannels, c.Kernel, rng, c.Stride, c.Padding, c.Bias),
                W.Linear l => new Linear(l.InFeatures, l.OutFeatures, rng, l.Bias),
                W.BatchNorm2d b => new BatchNorm2d(b.Channels, (float)b.Epsilon, (float)b.Momentum),
                W.ReLU => new ReLU(),
                W.Gelu => new GELU(),
                W.MaxPool2d m => new MaxPool2d(m.Kernel, m.Stride, m.Padding),
                W.AvgPool2d a when a.Padding == 0 => new AvgPool2d(a.Kernel, a.Stride),
                W.GlobalAvgPool => new GlobalAvgPool(),
                W.Flatten => new Flatten(),
                W.Dropout d => new Dropout((float)d.P),
                W.LayerNorm n => new LayerNorm(n.Dim, (float)n.Epsilon),
                W.PatchEmbed p when p.ClassToken && p.PositionEmbedding => new PatchEmbed(p.InChannels, p.Dim, p.Patch, p.ImageSize, rng),
                W.MultiHeadSelfAttention a => new MultiHeadSelfAttention(a.Dim, a.Heads, rng, a.Bias),
                W.SelectToken s => new ClassTokenSelect(s.Index),
                W.Add => null,
                _ => throw new W.ModelException($"layer '{spec.Name}' ({spec.Kind}): not supported by the functional engine"),
            };
            if (layer is not null)
            {
                layer.AssignNames(spec.Name);
                var needsInputGradient = model.InputNeedsGradient(spec.Name);
                switch (layer)
                {
                    case WeightLayer wl:
                        wl.ComputeInputGradient = needsInputGradient;
                        weightLayers.Add((wl, spec, "weight"));
                        break;
                    case PatchEmbed pe:
                        pe.Proj.ComputeInputGradient = needsInputGradient;
                        weightLayers.Add((pe.Proj, spec, "proj.weight"));
                        break;
                    case MultiHeadSelfAttention mh:
                        mh.Qkv.ComputeInputGradient = needsInputGradient;
                        weightLayers.Add((mh.Qkv, spec, "qkv.weight"));
                        weightLayers.Add((mh.Proj, spec, "proj.weight"));
                        break;
                }
            }
            nodes.Add(new GraphNetwork.Node(spec, layer, spec.Inputs.Select(Src).ToArray()));
            index[spec.Name] = nodes.Count - 1;
        }
        var lowering = new OpLowering(model, new LoweringOptions
        {
            Method = sparsity.Method,
            Pattern = sparsity.Method == TrainingMethod.Dense ? new NmPattern(2, 8) : sparsity.Pattern,
            DenseFirstLayer = !sparsity.SparsifyFirstLayer,
            SparseLayers = sparsity.Layers,
        });
        var network = new GraphNetwork(model.Name, nodes, lowering);
        if (initialValues is not null)
        {
            InitialValues.Apply(network, initialValues);
        }
        var plan = lowering.Plan;
        var decisions = weightLayers.Select(w => (w.Layer,
            !plan.PatternFor(w.Spec, w.Weight, Stage.FP).IsDense,
            !plan.PatternFor(w.Spec, w.Weight, Stage.BP).IsDense));
        return new Built(network, new SparsityController(decisions, sparsity), model);
    }
}
