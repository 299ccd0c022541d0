using Sim.Training.Layers;
using Sim.Training.Tensors;
using W = Sim.Workloads.Models;

namespace Sim.Training.Models;

/// <summary>
/// The numeric layers of the model-graph kinds that imported (ONNX) networks bring besides the zoo's: grouped
/// and dilated convolution, sigmoid/tanh/clip, softmax, scaling, reshape, transpose, activation products,
/// element-wise products, concatenation, token embedding and learned additive tensors.
/// </summary>
internal static class ImportedLayerFactory
{
    /// <summary>The layer for <paramref name="spec"/>, or null when it is not one of these kinds.</summary>
    public static Layer? Create(W.Layer spec, Rng rng) => spec switch
    {
        W.Conv2d c when c.Groups > 1 || c.Dilation > 1 => new GroupedConv2d(c.InChannels, c.OutChannels, c.Kernel, c.Groups, rng, c.Stride, c.Padding, c.Dilation, c.Bias),
        W.Activation a => new ElementwiseActivation(a.Function, (float)a.Min, (float)a.Max),
        W.Softmax => new Softmax(),
        W.Scale s => new Scale((float)s.Factor),
        W.Reshape r => new Reshape(r.Target.Dims.ToArray()),
        W.Transpose t => new Transpose(t.Perm.ToArray()),
        W.MatMul => new BatchedMatMul(),
        W.Multiply => new Layers.Multiply(),
        W.Concat c => new Layers.Concat(c.Axis),
        W.Embedding e => new Layers.Embedding(e.Vocab, e.Dim, rng),
        W.AddParameter p => new ParameterAdd(p.Shape.Dims.ToArray()),
        _ => null,
    };
}
