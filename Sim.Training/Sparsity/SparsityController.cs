using Sim.Vocabulary;
using Sim.Training.Layers;
using Sim.Training.Tensors;
using Sim.Workloads.Lowering;

namespace Sim.Training.Sparsity;

/// <summary>
/// Installs, before every iteration, the weights each stage multiplies with: N:M masks recomputed from the
/// dense master weights (FP along Cin; BP along Cout for BDWP, the FP-masked weights for SR-STE), rounded to
/// the operand precision; and adds the SR-STE decay on pruned weights to the gradients after backward. The
/// generation is recorded with the weight update that precedes it (<see cref="Engine.OpLowering.RecordUpdate"/>),
/// where SAT's pre-generation runs it: the masks of iteration i+1 depend only on the weights updated at the end
/// of iteration i.
/// </summary>
public sealed class SparsityController
{
    private readonly SparsityConfig _config;
    private readonly List<Entry> _entries = [];

    /// <summary>Uses the given per-layer decisions (e.g. from the workload compiler's <see cref="SparsityPlan"/>, which applies <see cref="SparsityConfig.Layers"/>).</summary>
    public SparsityController(IEnumerable<(WeightLayer Layer, bool FpSparse, bool BpSparse)> plan, SparsityConfig config)
    {
        _config = config;
        foreach (var (layer, fp, bp) in plan)
        {
            _entries.Add(new Entry(layer, fp && config.Method != TrainingMethod.Dense, bp && config.Method == TrainingMethod.Bdwp));
        }
    }

    /// <summary>Applies the default rule to the weight layers of <paramref name="model"/> in execution order.</summary>
    public SparsityController(Layer model, SparsityConfig config)
    {
        _config = config;
        var layers = model.Walk().OfType<WeightLayer>().ToList();
        for (var i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            var allowed = config.Method != TrainingMethod.Dense && (i > 0 || config.SparsifyFirstLayer)
                && (config.Layers is null || config.Layers.Contains(l.Name));
            var m = config.Pattern.M;
            var fp = allowed && l.Cin % m == 0;
            var bp = allowed && config.Method == TrainingMethod.Bdwp && l.Cout % m == 0;
            _entries.Add(new Entry(l, fp, bp));
        }
    }

    /// <summary>The weight layers with whether FP and BP use N:M weights.</summary>
    public IEnumerable<(WeightLayer Layer, bool FpSparse, bool BpSparse)> Plan => _entries.Select(e => (e.Layer, e.FpSparse, e.BpSparse));

    /// <summary>Mask of the FP weights of a layer (1 kept), or null when FP is dense.</summary>
    public byte[]? FpMask(WeightLayer layer) => _entries.First(e => e.Layer == layer) is { FpSparse: true } e ? e.FpMask : null;

    /// <summary>Mask of the BP weights of a layer (1 kept), or null when BP is dense.</summary>
    public byte[]? BpMask(WeightLayer layer) => _entries.First(e => e.Layer == layer) is { BpSparse: true } e ? e.BpMask : null;

    /// <summary>Recomputes masks from the current master weights and installs the stage operands.</summary>
    public void Prepare(Precision precision)
    {
        var pattern = _config.Pattern;
        foreach (var e in _entries)
        {
            var l = e.Layer;
            var w = l.Weight.Value.Span;
            int area = l.Kh * l.Kw;
            if (e.FpSparse)
            {
                NmMask.Generate(w, l.Cout, l.Cin, area, pattern, GroupAxis.Cin, e.FpMask);
                NmMask.Apply(w, e.FpMask, e.FpBuffer);
                PrecisionRounding.Round(e.FpBuffer, precision);
                l.FpWeights = e.FpBuffer;
                l.FpPattern = pattern;
            }
            else if (precision != Precision.FP32)
            {
                w.CopyTo(e.FpBuffer);
                PrecisionRounding.Round(e.FpBuffer, precision);
                l.FpWeights = e.FpBuffer;
                l.FpPattern = NmPattern.Dense;
            }
            else
            {
                l.FpWeights = null;
                l.FpPattern = NmPattern.Dense;
            }
            if (e.BpSparse)
            {
                NmMask.Generate(w, l.Cout, l.Cin, area, pattern, GroupAxis.Cout, e.BpMask);
                NmMask.Apply(w, e.BpMask, e.BpBuffer);
                PrecisionRounding.Round(e.BpBuffer, precision);
                l.BpWeights = e.BpBuffer;
                l.BpPattern = pattern;
            }
            else if (e.FpSparse)
            {
                // Sparse FP, dense BP (SR-STE, Zhou et al., ICLR 2021; and BDWP layers whose Cout is no multiple of M):
                // the network is the sparse one, so BP multiplies by the transpose of the FP weights, pruned along Cin.
                // Along BP's reduction dimension (Cout) that is no N:M pattern, so the hardware runs it in dense mode
                // (the "dense backward" that Bi-Mask, Zhang et al. ICML 2023, and BDWP remove).
                l.BpWeights = e.FpBuffer;
                l.BpPattern = NmPattern.Dense;
            }
            else
            {
                // dense training: the master weights, rounded like the FP operand
                l.BpWeights = precision == Precision.FP32 ? null : e.FpBuffer;
                l.BpPattern = NmPattern.Dense;
            }
        }
    }

    /// <summary>Adds lambda * W on the weights the FP mask pruned (SR-STE); gradient scale = current loss scale.</summary>
    public void AddDecay(float gradScale)
    {
        var lambda = _config.DecayLambda * gradScale;
        if (lambda == 0f)
        {
            return;
        }
        foreach (var e in _entries)
        {
            if (e.FpSparse)
            {
                NmMask.AddWherePruned(e.Layer.Weight.Value.Span, e.FpMask, lambda, e.Layer.Weight.Grad.Span);
            }
        }
    }

    /// <summary>Restores dense master weights in both stages (for evaluation of the dense model, if wanted).</summary>
    public void Clear()
    {
        foreach (var e in _entries)
        {
            e.Layer.FpWeights = null;
            e.Layer.BpWeights = null;
            e.Layer.FpPattern = NmPattern.Dense;
            e.Layer.BpPattern = NmPattern.Dense;
        }
    }

    private sealed class Entry(WeightLayer layer, bool fpSparse, bool bpSparse)
    {
        public WeightLayer Layer { get; } = layer;
        public bool FpSparse { get; } = fpSparse;
        public bool BpSparse { get; } = bpSparse;
        public byte[] FpMask { get; } = new byte[layer.Weight.Value.Length];
        public byte[] BpMask { get; } = new byte[layer.Weight.Value.Length];
        public float[] FpBuffer { get; } = new float[layer.Weight.Value.Length];
        public float[] BpBuffer { get; } = new float[layer.Weight.Value.Length];
    }
}
