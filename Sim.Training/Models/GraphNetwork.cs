using Sim.Training.Layers;
using Sim.Training.Tensors;

namespace Sim.Training.Models;

/// <summary>
/// Executes a model graph: nodes in topological order, each a numeric <see cref="Layer"/> reading one
/// earlier output (or the model input), or an add of two. Backward runs the nodes in reverse and sums the
/// gradients of outputs read by several nodes (residual branches). The output is the logits; the loss is
/// applied by the trainer.
/// </summary>
public sealed class GraphNetwork : Layer
{
    private readonly Node[] _nodes;
    private readonly Tensor?[] _outputs;
    private readonly Tensor?[] _grads;
    private readonly Tensor?[] _ownedGrads;
    private readonly Tensor?[] _addOut;
    private readonly bool[] _gradOwned;
    private Tensor? _input;

    internal GraphNetwork(string name, IReadOnlyList<Node> nodes)
    {
        Name = name;
        _nodes = nodes.ToArray();
        _outputs = new Tensor?[_nodes.Length];
        _grads = new Tensor?[_nodes.Length];
        _ownedGrads = new Tensor?[_nodes.Length];
        _addOut = new Tensor?[_nodes.Length];
        _gradOwned = new bool[_nodes.Length];
    }

    /// <summary>A node: a layer reading one source, or an add (<see cref="Layer"/> null) of two. Source -1 = model input.</summary>
    internal sealed record Node(string Name, Layer? Layer, int[] Sources);

    public override IEnumerable<Layer> Children() => _nodes.Where(n => n.Layer is not null).Select(n => n.Layer!);

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        _input = x;
        for (var i = 0; i < _nodes.Length; i++)
        {
            var n = _nodes[i];
            if (n.Layer is not null)
            {
                _outputs[i] = n.Layer.Forward(Source(n.Sources[0]), ctx);
            }
            else
            {
                var a = Source(n.Sources[0]);
                var b = Source(n.Sources[1]);
                var y = Tensor.Ensure(ref _addOut[i], a.Shape.ToArray());
                for (var q = 0; q < y.Length; q++)
                {
                    y.Data[q] = a.Data[q] + b.Data[q];
                }
                ctx.Recorder?.Record(Sim.Workloads.Lowering.LayerOp.ElementWise(n.Name, Sim.Components.Operations.Stage.FP, "add", y.Length, 2, 1, ctx.ElementBytes));
                _outputs[i] = y;
            }
        }
        return _outputs[^1]!;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        Array.Clear(_grads);
        Array.Clear(_gradOwned);
        _grads[^1] = dy;
        for (var i = _nodes.Length - 1; i >= 0; i--)
        {
            var g = _grads[i];
            if (g is null)
            {
                continue;
            }
            var n = _nodes[i];
            if (n.Layer is not null)
            {
                var dx = n.Layer.Backward(g, ctx);
                Accumulate(n.Sources[0], dx);
            }
            else
            {
                // the add passes its gradient to both inputs unchanged (no vector work on the hardware either)
                Accumulate(n.Sources[0], g);
                Accumulate(n.Sources[1], g);
            }
        }
        return _inputGrad ?? dy;
    }

    private Tensor? _inputGrad;

    private Tensor Source(int index) => index < 0 ? _input! : _outputs[index]!;

    private void Accumulate(int index, Tensor g)
    {
        if (index < 0)
        {
            _inputGrad = g;
            return;
        }
        var current = _grads[index];
        if (current is null)
        {
            _grads[index] = g;
            return;
        }
        if (!_gradOwned[index])
        {
            var owned = Tensor.Ensure(ref _ownedGrads[index], current.Shape.ToArray());
            current.Span.CopyTo(owned.Span);
            _grads[index] = owned;
            _gradOwned[index] = true;
            current = owned;
        }
        for (var q = 0; q < current.Length; q++)
        {
            current.Data[q] += g.Data[q];
        }
    }
}
