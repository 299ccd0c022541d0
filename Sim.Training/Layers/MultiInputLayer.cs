using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// A differentiable layer of several inputs (an activation product, an element-wise product, a concatenation):
/// the graph network passes every source and distributes the returned input gradients, one per source.
/// </summary>
public abstract class MultiInputLayer : Layer
{
    public abstract Tensor Forward(IReadOnlyList<Tensor> inputs, RunContext ctx);

    /// <summary>The gradient of every input, in the order of the forward's inputs.</summary>
    public abstract IReadOnlyList<Tensor> BackwardAll(Tensor dy, RunContext ctx);

    public sealed override Tensor Forward(Tensor x, RunContext ctx) => Forward([x], ctx);

    public sealed override Tensor Backward(Tensor dy, RunContext ctx) => BackwardAll(dy, ctx)[0];
}
