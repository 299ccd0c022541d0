using Google.Protobuf;
using Sim.Onnx.Proto;
using Sim.Workloads.Models;

namespace Sim.Onnx.Tests;

/// <summary>
/// Writes ONNX files for the tests with the importer's own protobuf types: hand-made graphs (one node at a
/// time) and the ONNX form of a zoo model, node for node as PyTorch exports it for inference (Conv, Relu,
/// MaxPool, Add, GlobalAveragePool, Flatten, Gemm; batch norm as BatchNormalization). Weights go inline or,
/// for big models, into one external data file created sparse (all zeros), so a 45 MB ResNet costs no time.
/// </summary>
internal sealed class OnnxTestWriter
{
    private readonly GraphProto _graph = new() { Name = "test" };
    private long _externalBytes;
    private readonly bool _external;
    private int _constants;

    public OnnxTestWriter(bool externalData = false)
    {
        _external = externalData;
    }

    public GraphProto Graph => _graph;

    public long Opset { get; set; } = 13;

    public static ValueInfoProto Value(string name, int elemType, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "batch" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elemType, Shape = shape } } };
    }

    public void Input(string name, params long[] dims) => _graph.Input.Add(Value(name, 1, dims));

    public void Output(string name, params long[] dims) => _graph.Output.Add(Value(name, 1, dims));

    /// <summary>A float initializer with all values 0.01 * (index mod 7) (inline) or zeros (external).</summary>
    public string Weight(string name, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = 1 };
        t.Dims.AddRange(dims);
        var count = dims.Aggregate(1L, (a, b) => a * b);
        if (_external)
        {
            t.DataLocation = TensorProto.Types.DataLocation.External;
            t.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
            t.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = _externalBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            t.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = (count * 4).ToString(System.Globalization.CultureInfo.InvariantCulture) });
            _externalBytes += count * 4;
        }
        else
        {
            var bytes = new byte[count * 4];
            for (var i = 0; i < count; i++)
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(4 * i), 0.01f * (i % 7));
            }
            t.RawData = ByteString.CopyFrom(bytes);
        }
        _graph.Initializer.Add(t);
        return name;
    }

    public string Ints(params long[] values)
    {
        var name = $"const{_constants++}";
        var t = new TensorProto { Name = name, DataType = 7 };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        _graph.Initializer.Add(t);
        return name;
    }

    public string Scalar(float value)
    {
        var name = $"const{_constants++}";
        var t = new TensorProto { Name = name, DataType = 1 };
        t.FloatData.Add(value);
        _graph.Initializer.Add(t);
        return name;
    }

    public NodeProto Node(string op, string name, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var n = new NodeProto { OpType = op, Name = name };
        n.Input.AddRange(inputs);
        n.Output.Add(output);
        n.Attribute.AddRange(attributes);
        _graph.Node.Add(n);
        return n;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public ModelProto Model()
    {
        var m = new ModelProto { IrVersion = 8, ProducerName = "satsim-tests", Graph = _graph };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return m;
    }

    /// <summary>Writes the model (and its sparse external data file) into <paramref name="folder"/>; returns the model path.</summary>
    public string Save(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, Model().ToByteArray());
        if (_external)
        {
            using var f = new FileStream(Path.Combine(folder, "weights.bin"), FileMode.Create);
            f.SetLength(_externalBytes);
        }
        return path;
    }

    /// <summary>The ONNX graph of a zoo model, as PyTorch's inference export writes it (names as the zoo's layers).</summary>
    public static OnnxTestWriter FromZoo(ModelGraph model, long batch, bool externalData)
    {
        var w = new OnnxTestWriter(externalData);
        w.Input("x", [batch, .. model.InputShape.Dims.Select(d => (long)d)]);
        string Source(string layerInput) => layerInput == ModelGraph.InputName ? "x" : layerInput;
        foreach (var layer in model.Layers)
        {
            var x = Source(layer.Inputs[0]);
            var name = "/" + layer.Name.Replace('.', '/') + "/Op";
            switch (layer)
            {
                case Conv2d c:
                {
                    string[] inputs = c.Bias
                        ? [x, w.Weight(c.Name + ".weight", c.OutChannels, c.GroupInChannels, c.Kernel, c.Kernel), w.Weight(c.Name + ".bias", c.OutChannels)]
                        : [x, w.Weight(c.Name + ".weight", c.OutChannels, c.GroupInChannels, c.Kernel, c.Kernel)];
                    w.Node("Conv", name, inputs, layer.Name, Ints("kernel_shape", c.Kernel, c.Kernel), Ints("strides", c.Stride, c.Stride),
                        Ints("pads", c.Padding, c.Padding, c.Padding, c.Padding), Ints("dilations", c.Dilation, c.Dilation), Int("group", c.Groups));
                    break;
                }
                case BatchNorm2d b:
                    w.Node("BatchNormalization", name,
                        [x, w.Weight(b.Name + ".weight", b.Channels), w.Weight(b.Name + ".bias", b.Channels), w.Weight(b.Name + ".running_mean", b.Channels), w.Weight(b.Name + ".running_var", b.Channels)],
                        layer.Name, Float("epsilon", (float)b.Epsilon), Float("momentum", (float)(1 - b.Momentum)));
                    break;
                case ReLU:
                    w.Node("Relu", name, [x], layer.Name);
                    break;
                case MaxPool2d p:
                    w.Node("MaxPool", name, [x], layer.Name, Ints("kernel_shape", p.Kernel, p.Kernel), Ints("strides", p.Stride, p.Stride), Ints("pads", p.Padding, p.Padding, p.Padding, p.Padding));
                    break;
                case Add:
                    w.Node("Add", name, [x, Source(layer.Inputs[1])], layer.Name);
                    break;
                case GlobalAvgPool:
                    w.Node("GlobalAveragePool", name, [x], layer.Name);
                    break;
                case Flatten:
                    w.Node("Flatten", name, [x], layer.Name, Int("axis", 1));
                    break;
                case Dropout d:
                    w.Node("Dropout", name, [x, w.Scalar((float)d.P)], layer.Name);
                    break;
                case Linear l:
                {
                    string[] inputs = l.Bias
                        ? [x, w.Weight(l.Name + ".weight", l.OutFeatures, l.InFeatures), w.Weight(l.Name + ".bias", l.OutFeatures)]
                        : [x, w.Weight(l.Name + ".weight", l.OutFeatures, l.InFeatures)];
                    w.Node("Gemm", name, inputs, layer.Name, Int("transB", 1));
                    break;
                }
                case SoftmaxCrossEntropy s:
                    w.Output(x, batch, s.Classes);
                    break;
                default:
                    throw new NotSupportedException($"the test writer has no ONNX form for {layer.Kind}");
            }
        }
        return w;
    }
}
