namespace Sim.Workloads.Models;

/// <summary>
/// A validated model: layers in a topological order (each reads only the model input or earlier layers),
/// with every layer's output shape inferred once on construction. Both the functional engine and the
/// workload compiler consume this one description, so their shapes, parameters and MACs agree.
/// </summary>
public sealed class ModelGraph
{
    /// <summary>The name layers use to read the model input.</summary>
    public const string InputName = "input";

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly TensorShape[] _outputs;
    private readonly TensorShape[][] _inputs;
    private readonly bool[] _inputNeedsGradient;

    public ModelGraph(string name, TensorShape inputShape, IEnumerable<Layer> layers)
    {
        Name = name;
        InputShape = inputShape;
        Layers = layers.ToArray();
        if (Layers.Count == 0)
        {
            throw new ModelException($"model '{name}': expects at least one layer");
        }
        _outputs = new TensorShape[Layers.Count];
        _inputs = new TensorShape[Layers.Count][];
        _inputNeedsGradient = new bool[Layers.Count];
        // hasGradient[i]: layer i's output depends on a trainable parameter, so back-propagation reaches it.
        var hasGradient = new bool[Layers.Count];
        for (var i = 0; i < Layers.Count; i++)
        {
            var layer = Layers[i];
            if (string.IsNullOrWhiteSpace(layer.Name) || layer.Name == InputName || _index.ContainsKey(layer.Name))
            {
                throw new ModelException($"model '{name}': layer #{i} has an empty, reserved or duplicate name '{layer.Name}'");
            }
            layer.Validate();
            var shapes = new TensorShape[layer.Inputs.Count];
            var anyGradient = false;
            for (var j = 0; j < shapes.Length; j++)
            {
                var source = layer.Inputs[j];
                if (source == InputName)
                {
                    shapes[j] = inputShape;
                }
                else if (_index.TryGetValue(source, out var k))
                {
                    shapes[j] = _outputs[k];
                    anyGradient |= hasGradient[k];
                }
                else
                {
                    throw new ModelException($"model '{name}': layer '{layer.Name}' reads '{source}', which is not the input or an earlier layer");
                }
            }
            _inputs[i] = shapes;
            _outputs[i] = layer.InferShape(shapes);
            _inputNeedsGradient[i] = anyGradient;
            hasGradient[i] = anyGradient || layer.Parameters.Count > 0;
            _index[layer.Name] = i;
        }
        if (Layers[^1] is SoftmaxCrossEntropy loss)
        {
            Classes = loss.Classes;
        }
    }

    public string Name { get; }

    /// <summary>Shape of one input sample (C x H x W for images, F for vectors).</summary>
    public TensorShape InputShape { get; }

    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>Classes of the final softmax cross-entropy loss, or 0 if the model has none.</summary>
    public int Classes { get; }

    public Layer this[string name] => _index.TryGetValue(name, out var i) ? Layers[i] : throw new ModelException($"model '{Name}': no layer '{name}'");

    /// <summary>Position of a layer in <see cref="Layers"/>.</summary>
    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : throw new ModelException($"model '{Name}': no layer '{name}'");

    /// <summary>Per-sample output shape of a layer (or of the input, for <see cref="InputName"/>).</summary>
    public TensorShape OutputShape(string name) => name == InputName ? InputShape : _outputs[IndexOf(name)];

    /// <summary>Per-sample shapes of a layer's inputs, in the order of <see cref="Layer.Inputs"/>.</summary>
    public IReadOnlyList<TensorShape> InputShapes(string name) => _inputs[IndexOf(name)];

    /// <summary>
    /// Whether back-propagation must compute the gradient of this layer's inputs (BP): true unless every
    /// input is the model input or depends on no trainable parameter (e.g. the first convolution's dX).
    /// </summary>
    public bool InputNeedsGradient(string name) => _inputNeedsGradient[IndexOf(name)];

    /// <summary>Total trainable parameters.</summary>
    public long ParameterCount => Layers.Sum(l => l.ParameterCount);

    /// <summary>Forward multiply-accumulates per sample (conv, linear, attention matmuls; torchvision/timm convention).</summary>
    public long ForwardMacsPerSample
    {
        get
        {
            long total = 0;
            for (var i = 0; i < Layers.Count; i++)
            {
                total += Layers[i].ForwardMacs(_inputs[i], _outputs[i]);
            }
            return total;
        }
    }

    /// <summary>The first layer with prunable weights (kept dense by default, as in SR-STE and BDWP practice).</summary>
    public Layer? FirstWeightLayer => Layers.FirstOrDefault(l => l.Parameters.Any(p => p.IsPrunable));

    public override string ToString() => $"{Name} ({Layers.Count} layers, {ParameterCount} parameters)";
}
