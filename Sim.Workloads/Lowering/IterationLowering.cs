using Sim.Vocabulary;
using Sim.Workloads.Models;

namespace Sim.Workloads.Lowering;

/// <summary>
/// Lowers one training iteration of a model into layer-level operations, lazily and in execution order:
/// FP through the layers; then, in reverse, each layer's gradient fan-in accumulation, BP and WG; then WU of
/// every parameterized layer, each followed by the N:M generation of the sparse weights the next
/// iteration uses (where pre-generation would place it; the tiler moves it when pre-generation is off).
/// </summary>
/// <remarks>
/// GEMM shapes (output M x N, reduction K; weights are operand B):
/// conv FP by im2col: M = B*Ho*Wo, N = Cout, K = Cin*Kh*Kw (K ordered kh, kw, cin so Cin groups are contiguous).
/// conv BP as the transposed convolution, split into stride^2 phases (sub-pixel decomposition) so no
/// inserted zeros are multiplied: phase (ph, pw) has M = B*rows(ph)*rows(pw), N = Cin, K = Cout*taps(ph)*taps(pw),
/// where taps(p) counts kernel rows kh with kh = (p + pad) mod stride; for stride 1 one phase with
/// M = B*H*W, N = Cin, K = Cout*Kh*Kw. conv WG: M = Cout, N = Cin*Kh*Kw, K = B*Ho*Wo.
/// A grouped conv (G groups) is G instances (Count = G) of these GEMMs with Cin/G and Cout/G in place of Cin and Cout.
/// linear on R rows per sample: FP (B*R, Out, In), BP (B*R, In, Out), WG (Out, In, B*R).
/// attention per batch and head (Count = B*H): Q K^T (T, T, dh), A V (T, dh, T); backward dA = dO V^T (T, T, dh),
/// dV = A^T dO (T, dh, T), dQ = dS K (T, dh, T), dK = dS^T Q (T, dh, T). Only QKV and output projections carry weights.
/// An imported activation x activation product (L.., M, K) x (L.., K, N) is Count = B*L GEMMs (M, N, K) in FP and
/// (M, K, N), (K, N, M) in BP, dense in every method.
/// </remarks>
public static class IterationLowering
{
    /// <summary>
    /// Every element-wise operation kind the lowering emits (the keys <c>hardware.vector.costs</c> may name);
    /// a test keeps it equal to what the zoo models lower to, so a misspelt cost key can be refused.
    /// </summary>
    public static IReadOnlyList<string> VectorKinds { get; } =
    [
        "add", "avgpool", "avgpool_bwd", "bias", "bias_grad", "bn_bwd", "bn_fwd", "dropout", "dropout_bwd", "gelu", "gelu_bwd",
        "layernorm", "layernorm_bwd", "maxpool", "maxpool_bwd", "pos_embed", "pos_embed_grad", "relu", "relu_bwd", "sgd_momentum",
        "softmax", "softmax_bwd", "softmax_ce", "softmax_ce_bwd",
    ];

    /// <summary>The operations of one iteration, streamed.</summary>
    public static IEnumerable<LayerOp> Lower(ModelGraph model, LoweringOptions options)
    {
        options.EnsureValid();
        var plan = new SparsityPlan(model, options);
        return Stream(model, options, plan);
    }

    private static IEnumerable<LayerOp> Stream(ModelGraph model, LoweringOptions o, SparsityPlan plan)
    {
        foreach (var layer in model.Layers)
        {
            foreach (var op in Forward(model, layer, o, plan))
            {
                yield return op;
            }
        }
        for (var i = model.Layers.Count - 1; i >= 0; i--)
        {
            foreach (var op in Backward(model, model.Layers[i], o, plan))
            {
                yield return op;
            }
        }
        foreach (var layer in model.Layers)
        {
            foreach (var op in Update(layer, o, plan))
            {
                yield return op;
            }
        }
    }

    /// <summary>
    /// The weight update of one layer (SGD with momentum on its FP32 master parameters, one operation over all
    /// of them), then the N:M generation of each prunable weight's FP and BP operands for the next iteration
    /// (where pre-generation places it). Nothing for a layer without parameters. <paramref name="o"/> must be valid.
    /// </summary>
    public static IEnumerable<LayerOp> Update(Layer layer, LoweringOptions o, SparsityPlan plan)
    {
        var parameters = layer.ParameterCount;
        if (parameters == 0)
        {
            yield break;
        }
        // SGD with momentum on FP32 master weights: reads w, v and g, writes w and v.
        yield return LayerOp.ElementWise(layer.Name, Stage.WU, "sgd_momentum", parameters, 3, 2, o.MasterBytes);
        foreach (var spec in layer.Parameters.Where(p => p.IsPrunable))
        {
            foreach (var stage in new[] { Stage.FP, Stage.BP })
            {
                var pattern = plan.PatternFor(layer, spec.Name, stage);
                if (!pattern.IsDense)
                {
                    yield return LayerOp.SparseGen(layer.Name, spec.Elements, pattern, SparsityPlan.GroupedDimension(stage), o.OperandBytes) with { Op = $"nm_gen_{stage.ToString().ToLowerInvariant()}" };
                }
            }
        }
    }

    /// <summary>Layers reading the output of <paramref name="name"/> (its gradient is the sum of that many contributions).</summary>
    public static int Consumers(ModelGraph model, string name)
    {
        var count = 0;
        foreach (var layer in model.Layers)
        {
            foreach (var input in layer.Inputs)
            {
                if (input == name)
                {
                    count++;
                }
            }
        }
        return count;
    }

    /// <summary>
    /// The forward operations of one layer for <see cref="LoweringOptions.Batch"/> samples: what the compiler emits
    /// for it and what the functional engine records when it runs the layer. <paramref name="o"/> must be valid.
    /// </summary>
    public static IEnumerable<LayerOp> Forward(ModelGraph model, Layer layer, LoweringOptions o, SparsityPlan plan)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layer);
        return ForwardOps(model, layer, o, plan);
    }

    /// <summary>
    /// The backward operations of one layer, in order: the accumulation of its output gradient when several layers
    /// read that output, then its BP and WG work (see the type remarks for the GEMM shapes). <paramref name="o"/> must be valid.
    /// </summary>
    public static IEnumerable<LayerOp> Backward(ModelGraph model, Layer layer, LoweringOptions o, SparsityPlan plan)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layer);
        var c = Consumers(model, layer.Name);
        if (c > 1)
        {
            // The gradient of a tensor read by c layers is the sum of c contributions.
            var fanIn = LayerOp.ElementWise(layer.Name, Stage.BP, "add", o.Batch * model.OutputShape(layer.Name).Elements * (c - 1), 2, 1, o.OperandBytes);
            return BackwardOps(model, layer, o, plan).Prepend(fanIn);
        }
        return BackwardOps(model, layer, o, plan);
    }

    private static IEnumerable<LayerOp> ForwardOps(ModelGraph model, Layer layer, LoweringOptions o, SparsityPlan plan)
    {
        long b = o.Batch;
        var input = model.InputShapes(layer.Name)[0];
        var output = model.OutputShape(layer.Name);
        var bytes = o.OperandBytes;
        switch (layer)
        {
            case Conv2d c:
            {
                var p = plan.PatternFor(c, "weight", Stage.FP);
                // a grouped convolution is Groups independent GEMMs of Cin/Groups -> Cout/Groups channels
                yield return LayerOp.Gemm(c.Name, Stage.FP, "conv", b * output.Height * output.Width, c.GroupOutChannels, (long)c.GroupInChannels * c.Kernel * c.Kernel,
                    c.Groups, p, GemmOperand.B, WeightDimension.InputChannels, bytes);
                if (c.Bias)
                {
                    yield return LayerOp.ElementWise(c.Name, Stage.FP, "bias", b * output.Elements, 1, 1, bytes);
                }
                break;
            }
            case Linear l:
            {
                var p = plan.PatternFor(l, "weight", Stage.FP);
                yield return LayerOp.Gemm(l.Name, Stage.FP, "linear", b * input.Rows, l.OutFeatures, l.InFeatures, 1, p, GemmOperand.B, WeightDimension.InputChannels, bytes);
                if (l.Bias)
                {
                    yield return LayerOp.ElementWise(l.Name, Stage.FP, "bias", b * output.Elements, 1, 1, bytes);
                }
                break;
            }
            case PatchEmbed pe:
            {
                var p = plan.PatternFor(pe, "proj.weight", Stage.FP);
                yield return LayerOp.Gemm(pe.Name, Stage.FP, "patch_proj", b * pe.Patches, pe.Dim, (long)pe.InChannels * pe.Patch * pe.Patch, 1, p, GemmOperand.B, WeightDimension.InputChannels, bytes);
                // bias, class token concatenation and position embedding: one pass over the T x D output.
                yield return LayerOp.ElementWise(pe.Name, Stage.FP, "pos_embed", b * output.Elements, 2, 1, bytes);
                break;
            }
            case MultiHeadSelfAttention a:
            {
                long t = input[0];
                var pq = plan.PatternFor(a, "qkv.weight", Stage.FP);
                yield return LayerOp.Gemm(a.Name, Stage.FP, "qkv", b * t, 3L * a.Dim, a.Dim, 1, pq, GemmOperand.B, WeightDimension.InputChannels, bytes);
                yield return LayerOp.Gemm(a.Name, Stage.FP, "qk", t, t, a.HeadDim, b * a.Heads, elementBytes: bytes);
                yield return LayerOp.ElementWise(a.Name, Stage.FP, "softmax", b * a.Heads * t * t, 1, 1, bytes);
                yield return LayerOp.Gemm(a.Name, Stage.FP, "av", t, a.HeadDim, t, b * a.Heads, elementBytes: bytes);
                var pp = plan.PatternFor(a, "proj.weight", Stage.FP);
                yield return LayerOp.Gemm(a.Name, Stage.FP, "proj", b * t, a.Dim, a.Dim, 1, pp, GemmOperand.B, WeightDimension.InputChannels, bytes);
                break;
            }
            case BatchNorm2d:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "bn_fwd", b * output.Elements, 1, 1, bytes);
                break;
            case LayerNorm:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "layernorm", b * output.Elements, 1, 1, bytes);
                break;
            case ReLU:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "relu", b * output.Elements, 1, 1, bytes);
                break;
            case Gelu:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "gelu", b * output.Elements, 1, 1, bytes);
                break;
            case Dropout:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "dropout", b * output.Elements, 1, 1, bytes);
                break;
            case MaxPool2d:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "maxpool", b * input.Elements, 1, 0, bytes) with { BytesOut = b * output.Elements * bytes };
                break;
            case AvgPool2d:
            case GlobalAvgPool:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "avgpool", b * input.Elements, 1, 0, bytes) with { BytesOut = b * output.Elements * bytes };
                break;
            case Add:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "add", b * output.Elements, 2, 1, bytes);
                break;
            case SoftmaxCrossEntropy s:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "softmax_ce", b * s.Classes, 1, 0, bytes) with { BytesOut = 4 };
                break;
            case Activation a:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, a.Kind, b * output.Elements, 1, 1, bytes);
                break;
            case Softmax:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "softmax", b * output.Elements, 1, 1, bytes);
                break;
            case Scale:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "scale", b * output.Elements, 1, 1, bytes);
                break;
            case Multiply:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "mul", b * output.Elements, 2, 1, bytes);
                break;
            case Transpose:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "transpose", b * output.Elements, 1, 1, bytes);
                break;
            case AddParameter:
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "add_param", b * output.Elements, 2, 1, bytes);
                break;
            case Embedding:
                // a gather of T rows of the table per sample
                yield return LayerOp.ElementWise(layer.Name, Stage.FP, "embedding", b * output.Elements, 1, 1, bytes);
                break;
            case MatMul:
            {
                // activation x activation: dense in every method and stage
                var (count, m, n, k) = MatMul.Shape(input, model.InputShapes(layer.Name)[1]);
                yield return LayerOp.Gemm(layer.Name, Stage.FP, "matmul", m, n, k, b * count, elementBytes: bytes);
                break;
            }
            case Flatten:
            case SelectToken:
            case Reshape:
            case Concat:
                break; // views: no work
            default:
                throw new ModelException($"layer '{layer.Name}' ({layer.Kind}): no lowering for this layer kind");
        }
    }

    private static IEnumerable<LayerOp> BackwardOps(ModelGraph model, Layer layer, LoweringOptions o, SparsityPlan plan)
    {
        long b = o.Batch;
        var input = model.InputShapes(layer.Name)[0];
        var output = model.OutputShape(layer.Name);
        var bytes = o.OperandBytes;
        var needDx = model.InputNeedsGradient(layer.Name) || o.InputGradient;
        switch (layer)
        {
            case Conv2d c:
            {
                if (needDx)
                {
                    var p = plan.PatternFor(c, "weight", Stage.BP);
                    foreach (var g in TransposedConvPhases(c, input, b))
                    {
                        yield return LayerOp.Gemm(c.Name, Stage.BP, g.Name, g.M, c.GroupInChannels, g.K, c.Groups, p, GemmOperand.B, WeightDimension.OutputChannels, bytes);
                    }
                }
                yield return LayerOp.Gemm(c.Name, Stage.WG, "conv_wg", c.GroupOutChannels, (long)c.GroupInChannels * c.Kernel * c.Kernel, b * output.Height * output.Width, c.Groups, elementBytes: bytes);
                if (c.Bias)
                {
                    yield return LayerOp.ElementWise(c.Name, Stage.WG, "bias_grad", b * output.Elements, 1, 0, bytes) with { BytesOut = (long)c.OutChannels * bytes };
                }
                break;
            }
            case Linear l:
            {
                if (needDx)
                {
                    var p = plan.PatternFor(l, "weight", Stage.BP);
                    yield return LayerOp.Gemm(l.Name, Stage.BP, "linear_bp", b * input.Rows, l.InFeatures, l.OutFeatures, 1, p, GemmOperand.B, WeightDimension.OutputChannels, bytes);
                }
                yield return LayerOp.Gemm(l.Name, Stage.WG, "linear_wg", l.OutFeatures, l.InFeatures, b * input.Rows, elementBytes: bytes);
                if (l.Bias)
                {
                    yield return LayerOp.ElementWise(l.Name, Stage.WG, "bias_grad", b * output.Elements, 1, 0, bytes) with { BytesOut = (long)l.OutFeatures * bytes };
                }
                break;
            }
            case PatchEmbed pe:
            {
                // bias, class token and position embedding gradients: sums of dY over the batch.
                yield return LayerOp.ElementWise(pe.Name, Stage.WG, "pos_embed_grad", b * output.Elements, 1, 0, bytes) with { BytesOut = (long)output.Elements * bytes };
                if (needDx)
                {
                    var conv = new Conv2d(pe.Name, pe.Inputs[0], pe.InChannels, pe.Dim, pe.Patch, pe.Patch);
                    var p = plan.PatternFor(pe, "proj.weight", Stage.BP);
                    foreach (var g in TransposedConvPhases(conv, input, b))
                    {
                        yield return LayerOp.Gemm(pe.Name, Stage.BP, g.Name, g.M, pe.InChannels, g.K, 1, p, GemmOperand.B, WeightDimension.OutputChannels, bytes);
                    }
                }
                yield return LayerOp.Gemm(pe.Name, Stage.WG, "patch_proj_wg", pe.Dim, (long)pe.InChannels * pe.Patch * pe.Patch, b * pe.Patches, elementBytes: bytes);
                break;
            }
            case MultiHeadSelfAttention a:
            {
                long t = input[0];
                var heads = b * a.Heads;
                var pp = plan.PatternFor(a, "proj.weight", Stage.BP);
                yield return LayerOp.Gemm(a.Name, Stage.BP, "proj_bp", b * t, a.Dim, a.Dim, 1, pp, GemmOperand.B, WeightDimension.OutputChannels, bytes);
                yield return LayerOp.Gemm(a.Name, Stage.WG, "proj_wg", a.Dim, a.Dim, b * t, elementBytes: bytes);
                yield return LayerOp.Gemm(a.Name, Stage.BP, "av_bp_a", t, t, a.HeadDim, heads, elementBytes: bytes);
                yield return LayerOp.Gemm(a.Name, Stage.BP, "av_bp_v", t, a.HeadDim, t, heads, elementBytes: bytes);
                yield return LayerOp.ElementWise(a.Name, Stage.BP, "softmax_bwd", heads * t * t, 2, 1, bytes);
                yield return LayerOp.Gemm(a.Name, Stage.BP, "qk_bp_q", t, a.HeadDim, t, heads, elementBytes: bytes);
                yield return LayerOp.Gemm(a.Name, Stage.BP, "qk_bp_k", t, a.HeadDim, t, heads, elementBytes: bytes);
                if (needDx)
                {
                    var pq = plan.PatternFor(a, "qkv.weight", Stage.BP);
                    yield return LayerOp.Gemm(a.Name, Stage.BP, "qkv_bp", b * t, a.Dim, 3L * a.Dim, 1, pq, GemmOperand.B, WeightDimension.OutputChannels, bytes);
                }
                yield return LayerOp.Gemm(a.Name, Stage.WG, "qkv_wg", 3L * a.Dim, a.Dim, b * t, elementBytes: bytes);
                if (a.Bias)
                {
                    yield return LayerOp.ElementWise(a.Name, Stage.WG, "bias_grad", b * t * 4 * a.Dim, 1, 0, bytes) with { BytesOut = 4L * a.Dim * bytes };
                }
                break;
            }
            case BatchNorm2d:
                // dX together with dgamma and dbeta (always needed for the parameters).
                yield return LayerOp.ElementWise(layer.Name, Stage.BP, "bn_bwd", b * output.Elements, 3, 1, bytes);
                break;
            case LayerNorm:
                yield return LayerOp.ElementWise(layer.Name, Stage.BP, "layernorm_bwd", b * output.Elements, 3, 1, bytes);
                break;
            case ReLU when needDx:
                yield return LayerOp.ElementWise(layer.Name, Stage.BP, "relu_bwd", b * output.Elements, 2, 1, bytes);
                break;
            case Gelu when needDx:
                yield return LayerOp.ElementWise(layer.Name, Stage.BP, "gelu_bwd", b * output.Elements, 2, 1, bytes);
                break;
            case Dropout when needDx:
                yield return LayerOp.ElementWise(layer.Name, Stage.BP, "dropout_bwd", b * output.Elements, 2, 1, bytes);
                break;
            case MaxPool2d when needDx:
                yield return LayerOp.ElementWise(layer.Name, Stage.BP, "maxpool_bwd", b * input.Elements, 1, 1, bytes) with { BytesIn = b * (input.Elements + output.Elements) * bytes };
                break;
            case AvgPool2d when needDx:
            case GlobalAvgPool when needDx:
                yield return LayerOp.ElementWise(layer.Name, Stage.BP, "avgpool_bwd", b * input.Elements, 0, 1, bytes) with { BytesIn = b * output.Elements * bytes };
                break;
            case SoftmaxCrossEntropy s when needDx:
                yield return LayerOp.ElementWise(layer.Name, Stage.BP, "softmax_ce_bwd", b * s.Classes, 1, 1, bytes);
                break;
            case Activation when needDx:
                yield return LayerOp.ElementWise(layer.Name, Stage.BP, layer.Kind + "_bwd", b * output.Elements, 2, 1, bytes);
                break;
            case Softmax when needDx:
                yield return LayerOp.ElementWise(layer.Name, Stage.BP, "softmax_bwd", b * output.Elements, 2, 1, bytes);
                break;
            case Scale when needDx:
                yield return LayerOp.ElementWise(layer.Name, Stage.BP, "scale_bwd", b * output.Elements, 1, 1, bytes);
                break;
            case Multiply when needDx:
                // d(left) = dY * right, d(right) = dY * left
                yield return LayerOp.ElementWise(layer.Name, Stage.BP, "mul_bwd", b * output.Elements, 3, 2, bytes);
                break;
            case Transpose when needDx:
                yield return LayerOp.ElementWise(layer.Name, Stage.BP, "transpose_bwd", b * output.Elements, 1, 1, bytes);
                break;
            case AddParameter:
                yield return LayerOp.ElementWise(layer.Name, Stage.WG, "add_param_grad", b * output.Elements, 1, 0, bytes) with { BytesOut = output.Elements * bytes };
                break;
            case Embedding e:
                // scatter-add of dY into the looked-up rows; token ids have no gradient
                yield return LayerOp.ElementWise(layer.Name, Stage.WG, "embedding_grad", b * output.Elements, 1, 1, bytes) with { BytesOut = (long)e.Vocab * e.Dim * bytes };
                break;
            case MatMul when needDx:
            {
                var (count, m, n, k) = MatMul.Shape(input, model.InputShapes(layer.Name)[1]);
                yield return LayerOp.Gemm(layer.Name, Stage.BP, "matmul_bp_a", m, k, n, b * count, elementBytes: bytes);
                yield return LayerOp.Gemm(layer.Name, Stage.BP, "matmul_bp_b", k, n, m, b * count, elementBytes: bytes);
                break;
            }
            default:
                break; // add (gradient passes to both inputs), views, and layers whose input needs no gradient
        }
    }

    /// <summary>One sub-pixel phase of a transposed convolution: a GEMM with M rows and reduction K.</summary>
    public readonly record struct Phase(string Name, long M, long K);

    /// <summary>
    /// The stride^2 phases of conv BP (dX = transposed convolution of dY): for input rows h = ph (mod s),
    /// exactly the kernel rows kh = (ph + pad) (mod s) contribute, so each phase is a dense GEMM with
    /// K = Cout * taps_h * taps_w; phases without taps (kernel smaller than stride) have no work.
    /// </summary>
    public static IEnumerable<Phase> TransposedConvPhases(Conv2d c, TensorShape input, long batch)
    {
        var s = c.Stride;
        for (var ph = 0; ph < s; ph++)
        {
            var rowsH = Count(input.Height, ph, s);
            var tapsH = Taps(c, ph, s);
            for (var pw = 0; pw < s; pw++)
            {
                var rowsW = Count(input.Width, pw, s);
                var tapsW = Taps(c, pw, s);
                if (rowsH * rowsW * tapsH * tapsW == 0)
                {
                    continue;
                }
                var name = s == 1 ? "conv_bp" : $"conv_bp_phase{ph * s + pw}";
                yield return new Phase(name, batch * rowsH * rowsW, (long)c.GroupOutChannels * tapsH * tapsW);
            }
        }
    }

    /// <summary>
    /// Kernel taps kh that reach input rows of phase <paramref name="phase"/>: those with kh * dilation = phase + pad (mod stride).
    /// </summary>
    private static int Taps(Conv2d c, int phase, int stride)
    {
        if (c.Dilation == 1)
        {
            return Count(c.Kernel, (phase + c.Padding) % stride, stride);
        }
        var taps = 0;
        for (var kh = 0; kh < c.Kernel; kh++)
        {
            if (((long)kh * c.Dilation - phase - c.Padding) % stride == 0)
            {
                taps++;
            }
        }
        return taps;
    }

    /// <summary>How many of 0..size-1 are congruent to <paramref name="residue"/> modulo <paramref name="modulus"/>.</summary>
    private static int Count(int size, int residue, int modulus) => residue >= size ? 0 : (size - residue + modulus - 1) / modulus;
}
