using Sim.Training.Engine;
using Sim.Training.Layers;
using Sim.Training.Tensors;
using W = Sim.Workloads.Models;

namespace Sim.Training.Models;

/// <summary>
/// Executes a model graph: nodes in topological order, each a numeric <see cref="Layer"/> reading one
/// earlier output (or the model input), or an add of two. Backward runs the nodes in reverse and sums the
/// gradients of outputs read by several nodes (residual branches). The output is the logits; the loss is
/// applied by the trainer. While a recorder listens, each node's operations are recorded after it runs, as the
/// workload compiler lowers that model-graph layer (<see cref="OpLowering"/>), after checking that the node's
/// output has the shape the compiler assumes.
/// </summary>
public sealed class GraphNetwork : Layer
{
    private readonly Node[] _nodes;
    private readonly Tensor?[] _outputs;
    private readonly Tensor?[] _grads;
    private readonly Tensor?[] _ownedGrads;
    private readonly Tensor?[] _addOut;
    private readonly bool[] _gradOwned;
    private readonly OpLowering _lowering;
    private Tensor? _input;
    private int _batch;

    internal GraphNetwork(string name, IReadOnlyList<Node> nodes, OpLowering lowering)
    {
        Name = name;
        _lowering = lowering;
        _nodes = nodes.ToArray();
        _outputs = new Tensor?[_nodes.Length];
        _grads = new Tensor?[_nodes.Length];
        _ownedGrads = new Tensor?[_nodes.Length];
        _addOut = new Tensor?[_nodes.Length];
        _gradOwned = new bool[_nodes.Length];
        ActivationsFused = true;
    }

    /// <summary>
    /// Whether each ReLU that is the only reader of a convolution's output is applied by that convolution as it
    /// writes its output (<see cref="IReluFusable"/>; the ReLU node then passes its input through). On by default;
    /// the values are the same bits either way (the fusion saves a pass over the activations). Likewise each ReLU
    /// whose output one layer alone reads has its gradient gate applied by that layer's backward as it writes its
    /// input gradient (<see cref="IReluGradientFusable"/>; the ReLU then passes its gradient through).
    /// </summary>
    public bool ActivationsFused
    {
        get => _activationsFused;
        set
        {
            _activationsFused = value;
            var readers = new int[_nodes.Length];
            foreach (var n in _nodes)
            {
                foreach (var s in n.Sources)
                {
                    if (s >= 0)
                    {
                        readers[s]++;
                    }
                }
            }
            for (var i = 0; i < _nodes.Length; i++)
            {
                if (_nodes[i].Layer is ReLU relu && _nodes[i].Sources is [var s] && s >= 0 && readers[s] == 1
                    && _nodes[s].Layer is IReluFusable conv)
                {
                    conv.FusedRelu = value;
                    relu.InputActivated = value;
                }
            }
            // a ReLU whose output one layer alone reads, as its only input: that layer gates the ReLU's gradient
            for (var i = 0; i < _nodes.Length; i++)
            {
                if (_nodes[i].Layer is IReluGradientFusable consumer && _nodes[i].Sources is [var s] && s >= 0 && readers[s] == 1
                    && _nodes[s].Layer is ReLU relu)
                {
                    consumer.GatedRelu = value ? relu : null;
                    relu.GradientGated = value;
                }
            }
        }
    }

    private bool _activationsFused;

    /// <summary>A node: a layer reading one source, or an add (<see cref="Layer"/> null) of two. Source -1 = model input. <paramref name="Spec"/>: its model-graph layer.</summary>
    internal sealed record Node(W.Layer Spec, Layer? Layer, int[] Sources)
    {
        public string Name => Spec.Name;
    }

    /// <summary>Where the recorded operations come from (the model graph, its lowering options and sparsity plan).</summary>
    public OpLowering Lowering => _lowering;

    public override IEnumerable<Layer> Children() => _nodes.Where(n => n.Layer is not null).Select(n => n.Layer!);

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        _input = SampleView(x);
        _batch = x[0];
        for (var i = 0; i < _nodes.Length; i++)
        {
            var n = _nodes[i];
            var since = ctx.Profile?.LayerStart() ?? 0;
            if (n.Layer is MultiInputLayer multi)
            {
                _outputs[i] = multi.Forward(n.Sources.Select(Source).ToArray(), ctx);
            }
            else if (n.Layer is not null)
            {
                _outputs[i] = n.Layer.Forward(Source(n.Sources[0]), ctx);
            }
            else
            {
                var a = Source(n.Sources[0]);
                var b = Source(n.Sources[1]);
                var y = Tensor.EnsureLike(ref _addOut[i], a);
                for (var q = 0; q < y.Length; q++)
                {
                    y.Data[q] = a.Data[q] + b.Data[q];
                }
                _outputs[i] = y;
            }
            ctx.Profile?.AddLayer(i, n.Name, backward: false, since);
            if (ctx.Recorder is not null)
            {
                CheckShape(n, _outputs[i]!);
                _lowering.RecordForward(ctx, n.Spec, _batch);
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
            var since = ctx.Profile?.LayerStart() ?? 0;
            if (n.Layer is MultiInputLayer multi)
            {
                var dxs = multi.BackwardAll(g, ctx);
                for (var j = 0; j < n.Sources.Length; j++)
                {
                    Accumulate(n.Sources[j], dxs[j]);
                }
            }
            else if (n.Layer is not null)
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
            ctx.Profile?.AddLayer(i, n.Name, backward: true, since);
            _lowering.RecordBackward(ctx, n.Spec, _batch);
        }
        return _inputGrad ?? dy;
    }

    private Tensor? _inputGrad;
    private Tensor? _inputView;

    /// <summary>The batch viewed with the model's sample shape (e.g. [B,1,1,T] data for a model that takes T token ids).</summary>
    private Tensor SampleView(Tensor x)
    {
        var sample = _lowering.Model.InputShape;
        if (x.Rank - 1 == sample.Rank || x.Length != x[0] * sample.Elements)
        {
            return x;
        }
        int[] shape = [x[0], .. sample.Dims];
        if (_inputView is null || !ReferenceEquals(_inputView.Data, x.Data) || !_inputView.HasShape(shape))
        {
            _inputView = new Tensor(x.Data, shape);
        }
        return _inputView;
    }

    /// <summary>The recorded operations describe the compiler's shapes; refuse to record if the engine computed another.</summary>
    private void CheckShape(Node n, Tensor output)
    {
        var expected = _batch * _lowering.Model.OutputShape(n.Name).Elements;
        if (output.Length != expected)
        {
            throw new InvalidOperationException($"layer '{n.Name}': the engine produced {output.ShapeText} ({output.Length} values), the workload compiler lowers {_batch} x {_lowering.Model.OutputShape(n.Name)} ({expected})");
        }
    }

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
            var owned = Tensor.EnsureLike(ref _ownedGrads[index], current);
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
