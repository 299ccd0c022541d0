namespace Sim.Workloads.Models;

/// <summary>
/// Builds a <see cref="ModelGraph"/> layer by layer, inferring each layer's shape as it is added so
/// helpers can read channel counts (the zoo writes conv(cout) rather than conv(cin, cout)).
/// </summary>
public sealed class ModelBuilder
{
    private readonly List<Layer> _layers = [];
    private readonly Dictionary<string, TensorShape> _shapes = new(StringComparer.Ordinal);

    public ModelBuilder(string name, TensorShape inputShape)
    {
        Name = name;
        InputShape = inputShape;
        _shapes[ModelGraph.InputName] = inputShape;
        Last = ModelGraph.InputName;
    }

    public string Name { get; }

    public TensorShape InputShape { get; }

    /// <summary>Name of the most recently added layer (or the input).</summary>
    public string Last { get; private set; }

    /// <summary>Shape produced by a layer added so far.</summary>
    public TensorShape Shape(string name) => _shapes.TryGetValue(name, out var s) ? s : throw new ModelException($"model '{Name}': no layer '{name}' yet");

    /// <summary>Adds a layer after checking it against the shapes so far; returns its name.</summary>
    public string Add(Layer layer)
    {
        if (_shapes.ContainsKey(layer.Name))
        {
            throw new ModelException($"model '{Name}': duplicate layer name '{layer.Name}'");
        }
        layer.Validate();
        var inputs = layer.Inputs.Select(Shape).ToArray();
        _shapes[layer.Name] = layer.InferShape(inputs);
        _layers.Add(layer);
        Last = layer.Name;
        return layer.Name;
    }

    public string Conv(string name, string input, int outChannels, int kernel, int stride = 1, int padding = 0, bool bias = false) =>
        Add(new Conv2d(name, input, Shape(input).Channels, outChannels, kernel, stride, padding, bias));

    public string BatchNorm(string name, string input) => Add(new BatchNorm2d(name, input, Shape(input).Channels));

    public string Relu(string name, string input) => Add(new ReLU(name, input));

    public string Linear(string name, string input, int outFeatures, bool bias = true) => Add(new Linear(name, input, Shape(input).Last, outFeatures, bias));

    public string LayerNorm(string name, string input) => Add(new LayerNorm(name, input, Shape(input).Last));

    /// <summary>Conv, batch norm, ReLU: the common triple; returns the ReLU's name.</summary>
    public string ConvBnRelu(string prefix, string input, int outChannels, int kernel, int stride = 1, int padding = 0, string conv = "conv", string bn = "bn", string relu = "relu")
    {
        var c = Conv($"{prefix}{conv}", input, outChannels, kernel, stride, padding);
        var b = BatchNorm($"{prefix}{bn}", c);
        return Relu($"{prefix}{relu}", b);
    }

    /// <summary>Appends the softmax cross-entropy loss on the last layer and builds the validated graph.</summary>
    public ModelGraph BuildWithLoss(int classes)
    {
        Add(new SoftmaxCrossEntropy("loss", Last, classes));
        return new ModelGraph(Name, InputShape, _layers);
    }
}
