using Sim.Vocabulary.IO;
using System.Globalization;
using Sim.Onnx.Proto;
using Sim.Workloads.Models;

namespace Sim.Onnx;

/// <summary>
/// Turns the nodes of one ONNX graph into model-graph layers, in the file's (topological) order. Activations
/// carry batch-free shapes: axis 0 of every activation is the batch, so the file's batch (fixed or dynamic) is
/// represented by a symbol and the scenario's batch replaces it. Constants (initializers, Constant nodes and the
/// shape arithmetic exporters emit) are folded at import. Multi-node patterns that exporters write for one
/// module are fused back into it: MatMul + Add (a linear layer), the opset-13 layer-norm decomposition and the
/// erf form of GELU.
/// </summary>
internal sealed class OnnxConverter
{
    /// <summary>Stands for the batch in folded shape arithmetic: a prime no real dimension equals.</summary>
    private const long BatchSymbol = 1_000_000_007;

    private readonly OnnxFile _file;
    private readonly GraphProto _graph;
    private readonly Dictionary<string, Value> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _consumers = new(StringComparer.Ordinal);
    private readonly HashSet<int> _fused = [];
    private readonly Dictionary<string, Func<ReadOnlyMemory<float>>> _initial = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _operators = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal) { ModelGraph.InputName, "loss" };
    private ModelBuilder _builder = null!;
    private long _fileBatch;
    private long _opset;

    private abstract record Value;

    /// <summary>An activation: the output of layer <paramref name="Layer"/> with per-sample shape <paramref name="Shape"/>.</summary>
    private sealed record Act(string Layer, TensorShape Shape) : Value
    {
        public int FullRank => Shape.Rank + 1;
    }

    private sealed record Const(ConstTensor Tensor) : Value;

    public OnnxConverter(OnnxFile file)
    {
        _file = file;
        _graph = file.Model.Graph;
    }

    public ImportedModel Run(string modelName)
    {
        _opset = Opset();
        foreach (var init in _graph.Initializer)
        {
            if (string.IsNullOrEmpty(init.Name))
            {
                throw new OnnxImportException($"{_file.Path}: an initializer has no name");
            }
            _values[init.Name] = new Const(_file.Decode(init, $"initializer {TextExcerpt.Quote(init.Name)}"));
        }
        var input = ModelInput();
        _builder = new ModelBuilder(modelName, input.Shape);
        _values[input.Name] = new Act(ModelGraph.InputName, input.Shape);
        for (var i = 0; i < _graph.Node.Count; i++)
        {
            foreach (var name in _graph.Node[i].Input)
            {
                if (!_consumers.TryGetValue(name, out var list))
                {
                    _consumers[name] = list = [];
                }
                list.Add(i);
            }
        }
        for (var i = 0; i < _graph.Node.Count; i++)
        {
            if (!_fused.Contains(i))
            {
                Convert(i, _graph.Node[i]);
            }
        }
        var output = Output();
        var classes = output.Shape.Last;
        if (classes < 2)
        {
            throw new OnnxImportException($"{_file.Path}: output {TextExcerpt.Quote(_graph.Output[0].Name)} has {classes} class; expected at least 2 logits to train with softmax cross-entropy");
        }
        ModelGraph graph;
        try
        {
            graph = _builder.BuildWithLoss(classes);
        }
        catch (ModelException e)
        {
            throw new OnnxImportException($"{_file.Path}: {e.Message}");
        }
        return new ImportedModel(graph, _initial, _operators, _opset, _fileBatch, _file.Path);
    }

    /// <summary>
    /// Largest per-sample tensor accepted (2^28 values, 1 GiB in FP32; ResNet-18's largest at 224 x 224 has 0.8 M): keeps
    /// every batch x sample product of the lowering and the engine far from 64-bit overflow for any batch SatSim takes.
    /// </summary>
    public const long MaxSampleElements = 1L << 28;

    private long Opset()
    {
        var opset = _file.Model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(-1).Max();
        if (opset < OnnxImporter.MinOpset || opset > OnnxImporter.MaxOpset)
        {
            throw new OnnxImportException($"{_file.Path}: opset {(opset < 0 ? "missing" : opset.ToString(CultureInfo.InvariantCulture))}; SatSim imports the default ONNX domain at opsets {OnnxImporter.MinOpset} to {OnnxImporter.MaxOpset}");
        }
        return opset;
    }

    private (string Name, TensorShape Shape) ModelInput()
    {
        var inputs = _graph.Input.Where(i => !_values.ContainsKey(i.Name)).ToList();
        if (inputs.Count != 1)
        {
            throw new OnnxImportException($"{_file.Path}: the graph has {inputs.Count} inputs besides its initializers ({string.Join(", ", inputs.Take(4).Select(i => TextExcerpt.Quote(i.Name)))}{(inputs.Count > 4 ? ", ..." : "")}); SatSim expects exactly one (the batch of samples)");
        }
        var v = inputs[0];
        var dims = v.Type?.TensorType?.Shape?.Dim;
        if (dims is null || dims.Count < 2)
        {
            throw new OnnxImportException($"{_file.Path}: input {TextExcerpt.Quote(v.Name)} declares no shape of rank >= 2; expected batch x sample dimensions");
        }
        _fileBatch = dims[0].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? dims[0].DimValue : 0;
        var sample = new int[dims.Count - 1];
        for (var i = 1; i < dims.Count; i++)
        {
            var d = dims[i];
            if (d.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || d.DimValue < 1 || d.DimValue > int.MaxValue)
            {
                throw new OnnxImportException($"{_file.Path}: input {TextExcerpt.Quote(v.Name)} dimension {i} is {(d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? $"symbolic ({TextExcerpt.Quote(d.DimParam)})" : d.DimValue.ToString(CultureInfo.InvariantCulture))}; only the batch (dimension 0) may vary, the others must be fixed sizes >= 1");
            }
            sample[i - 1] = (int)d.DimValue;
        }
        var elements = sample.Aggregate(1.0, (a, d) => a * d);
        if (elements > MaxSampleElements)
        {
            throw new OnnxImportException($"{_file.Path}: input {TextExcerpt.Quote(v.Name)} declares samples of [{string.Join(",", sample)}] ({elements:G4} values); SatSim handles at most {MaxSampleElements} values per sample in one tensor");
        }
        return (v.Name, new TensorShape(sample));
    }

    private Act Output()
    {
        if (_graph.Output.Count != 1)
        {
            throw new OnnxImportException($"{_file.Path}: the graph has {_graph.Output.Count} outputs; SatSim expects one (the class logits)");
        }
        var o = _graph.Output[0];
        if (!_values.TryGetValue(o.Name, out var value) || value is not Act act)
        {
            throw new OnnxImportException($"{_file.Path}: output {TextExcerpt.Quote(o.Name)} is not computed from the input by any node");
        }
        if (act.Shape.Rank != 1)
        {
            throw new OnnxImportException($"{_file.Path}: output {TextExcerpt.Quote(o.Name)} has per-sample shape {act.Shape}; expected a vector of class logits");
        }
        var dims = o.Type?.TensorType?.Shape?.Dim;
        if (dims is { Count: > 0 })
        {
            var declared = dims.Skip(1).Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : -1).ToArray();
            if (declared.Length != 1 || (declared[0] >= 0 && declared[0] != act.Shape.Last))
            {
                throw new OnnxImportException($"{_file.Path}: output {TextExcerpt.Quote(o.Name)} declares per-sample shape [{string.Join(",", declared)}] but its nodes compute {act.Shape} (inconsistent shapes)");
            }
        }
        return act;
    }

    // ---------------------------------------------------------------- node conversion

    private void Convert(int index, NodeProto n)
    {
        if (n.Domain is not ("" or "ai.onnx"))
        {
            throw Unsupported(n);
        }
        switch (n.OpType)
        {
            case "Constant":
                Set(n, 0, new Const(ConstantValue(n)));
                return;
            case "Identity":
                Set(n, 0, In(n, 0) is Const c ? new Const(c.Tensor.WithSource(n.Output[0])) : In(n, 0));
                return;
            case "Conv":
                ConvertConv(n);
                return;
            case "Gemm":
                ConvertGemm(n);
                return;
            case "MatMul":
                ConvertMatMul(index, n);
                return;
            case "BatchNormalization":
                ConvertBatchNorm(n);
                return;
            case "LayerNormalization":
                ConvertLayerNorm(n);
                return;
            case "ReduceMean":
                if (!TryLayerNormDecomposition(index, n))
                {
                    throw Fail(n, "is supported only as part of the layer-normalization decomposition (ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add over the last axis)");
                }
                return;
            case "Relu":
                Layer(n, new ReLU(FreeName(n), ActIn(n, 0).Layer));
                return;
            case "Sigmoid":
            case "Tanh":
                Layer(n, new Activation(FreeName(n), ActIn(n, 0).Layer, n.OpType == "Sigmoid" ? ActivationFunction.Sigmoid : ActivationFunction.Tanh));
                return;
            case "Clip":
                ConvertClip(n);
                return;
            case "Gelu":
                Layer(n, new Gelu(FreeName(n), ActIn(n, 0).Layer));
                return;
            case "Softmax":
                ConvertSoftmax(n);
                return;
            case "MaxPool":
            case "AveragePool":
                ConvertPool(n);
                return;
            case "GlobalAveragePool":
                Layer(n, new GlobalAvgPool(FreeName(n), ActIn(n, 0).Layer));
                return;
            case "Flatten":
                ConvertFlatten(n);
                return;
            case "Reshape":
                ConvertReshape(n);
                return;
            case "Transpose":
                ConvertTranspose(n);
                return;
            case "Concat":
                ConvertConcat(n);
                return;
            case "Add":
            case "Sub":
            case "Mul":
            case "Div":
                ConvertArithmetic(index, n);
                return;
            case "Dropout":
                ConvertDropout(n);
                return;
            case "Gather":
                ConvertGather(n);
                return;
            case "Shape":
                ConvertShape(n);
                return;
            case "Unsqueeze":
            case "Squeeze":
                ConvertSqueeze(n);
                return;
            case "Slice":
                Set(n, 0, new Const(Folding.Slice(ConstIn(n, 0), Ints(ConstIn(n, 1)), Ints(ConstIn(n, 2)),
                    OptionalConst(n, 3) is { } axes ? Ints(axes) : null, OptionalConst(n, 4) is { } steps ? Ints(steps) : null, m => Fail(n, m))));
                return;
            case "Cast":
                ConvertCast(n);
                return;
            case "ConstantOfShape":
                ConvertConstantOfShape(n);
                return;
            case "Sqrt":
            case "Pow":
            case "Erf":
                throw Fail(n, n.OpType == "Erf"
                    ? "is supported only in the erf form of GELU (x * 0.5 * (1 + erf(x / sqrt 2)))"
                    : "is supported only as part of the layer-normalization decomposition");
            default:
                throw Unsupported(n);
        }
    }

    private OnnxImportException Unsupported(NodeProto n) => new(
        $"{_file.Path}: node {TextExcerpt.Quote(n.Name)} uses operator {TextExcerpt.Escape((n.Domain is "" or "ai.onnx" ? "" : n.Domain + ".") + n.OpType)}, which SatSim does not import; supported: {string.Join(", ", OnnxImporter.SupportedOperators)}");

    private OnnxImportException Fail(NodeProto n, string message) => new($"{_file.Path}: node {TextExcerpt.Quote(n.Name)} ({TextExcerpt.Escape(n.OpType)}): {message}");

    private void ConvertConv(NodeProto n)
    {
        var x = ActIn(n, 0);
        var w = ConstIn(n, 1);
        var b = OptionalConst(n, 2);
        if (w.Rank != 4 || x.Shape.Rank != 3)
        {
            throw Fail(n, $"expects a 2-D convolution (N x C x H x W input, 4-D weight), got input {Full(x)} and weight {w}");
        }
        var groups = Int(n, "group", 1);
        var kernel = Square(n, "kernel_shape", Ints(n, "kernel_shape") ?? [w.Dims[2], w.Dims[3]], 1);
        if (w.Dims[2] != w.Dims[3] || w.Dims[2] != kernel)
        {
            throw Fail(n, $"expects a square kernel matching the weight, got kernel_shape [{string.Join(",", Ints(n, "kernel_shape") ?? [])}] and weight {w}");
        }
        var stride = Square(n, "strides", Ints(n, "strides"), 1);
        var dilation = Square(n, "dilations", Ints(n, "dilations"), 1);
        var pad = Pads(n, kernel, dilation);
        if (b is not null && (b.Rank != 1 || b.Dims[0] != w.Dims[0]))
        {
            throw Fail(n, $"expects a bias of {w.Dims[0]} values, got {b}");
        }
        var name = ParamName(w, n);
        Layer(n, new Conv2d(name, x.Layer, Small(n, w.Dims[1] * groups, "input channels"), Small(n, w.Dims[0], "output channels"), kernel, stride, pad,
            b is not null, Small(n, groups, "groups"), dilation));
        _initial[name + ".weight"] = () => w.Values;
        if (b is not null)
        {
            _initial[name + ".bias"] = () => b.Values;
        }
    }

    private int Pads(NodeProto n, int kernel, int dilation)
    {
        var autoPad = Str(n, "auto_pad", "NOTSET");
        if (autoPad == "VALID")
        {
            return 0;
        }
        if (autoPad is "SAME_UPPER" or "SAME_LOWER")
        {
            var extent = dilation * (kernel - 1);
            if (Int(n, "strides", 1) == 1 && extent % 2 == 0 && (Ints(n, "strides") ?? [1]).All(s => s == 1))
            {
                return extent / 2; // symmetric padding keeps the size
            }
            throw Fail(n, $"auto_pad {autoPad} with an asymmetric padding is not supported; export with explicit symmetric pads");
        }
        if (autoPad != "NOTSET")
        {
            throw Fail(n, $"auto_pad {TextExcerpt.Quote(autoPad)} is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
        }
        var pads = Ints(n, "pads") ?? [0, 0, 0, 0];
        if (pads.Length != 4 || pads.Any(p => p != pads[0]) || pads[0] < 0)
        {
            throw Fail(n, $"expects equal non-negative pads on all four sides, got [{string.Join(",", pads)}]");
        }
        return pads[0] <= int.MaxValue ? (int)pads[0] : throw Fail(n, $"pads {pads[0]} is too large");
    }

    private int Square(NodeProto n, string attribute, long[]? values, int fallback)
    {
        if (values is null || values.Length == 0)
        {
            return fallback;
        }
        if (values.Length != 2 || values[0] != values[1] || values[0] < 1)
        {
            throw Fail(n, $"expects two equal {attribute} >= 1 (square windows), got [{string.Join(",", values)}]");
        }
        return Small(n, values[0], attribute);
    }

    private void ConvertGemm(NodeProto n)
    {
        var x = ActIn(n, 0);
        var b = ConstIn(n, 1);
        var c = OptionalConst(n, 2);
        if (Int(n, "transA", 0) != 0 || Float(n, "alpha", 1) != 1 || (c is not null && Float(n, "beta", 1) != 1))
        {
            throw Fail(n, "expects transA = 0, alpha = 1 and beta = 1 (a linear layer)");
        }
        if (b.Rank != 2 || x.Shape.Rank != 1)
        {
            throw Fail(n, $"expects a batch of vectors times a 2-D weight, got input {Full(x)} and weight {b}");
        }
        var transB = Int(n, "transB", 0) != 0;
        var outFeatures = transB ? b.Dims[0] : b.Dims[1];
        var inFeatures = transB ? b.Dims[1] : b.Dims[0];
        if (c is not null && c.Elements != outFeatures)
        {
            throw Fail(n, $"expects a bias of {outFeatures} values, got {c}");
        }
        var name = ParamName(b, n);
        Layer(n, new Linear(name, x.Layer, Small(n, inFeatures, "input features"), Small(n, outFeatures, "output features"), c is not null));
        _initial[name + ".weight"] = transB ? () => b.Values : () => Folding.Transpose2D(b.Values.Span, (int)b.Dims[0], (int)b.Dims[1]);
        if (c is not null)
        {
            _initial[name + ".bias"] = () => c.Values;
        }
    }

    private void ConvertMatMul(int index, NodeProto n)
    {
        var left = In(n, 0);
        var right = In(n, 1);
        if (left is Act a && right is Act r)
        {
            if (a.Shape.Rank < 2)
            {
                throw Fail(n, $"expects batched matrices (rank >= 3 with the batch) for a product of two activations, got {Full(a)} and {Full(r)}");
            }
            Layer(n, new MatMul(FreeName(n), a.Layer, r.Layer));
            return;
        }
        if (left is Act x && right is Const { Tensor: var w })
        {
            if (w.Rank != 2)
            {
                throw Fail(n, $"expects a 2-D weight, got {w}");
            }
            // fuse the bias add PyTorch writes after the MatMul of a linear layer on a sequence
            ConstTensor? bias = null;
            var outputName = n.Output[0];
            if (_consumers.TryGetValue(outputName, out var users) && users.Count == 1 && _graph.Node[users[0]] is { OpType: "Add" } add && users[0] > index)
            {
                var other = add.Input[0] == outputName ? add.Input[1] : add.Input[0];
                if (_values.TryGetValue(other, out var v) && v is Const { Tensor: { IsInteger: false } t } && t.Elements == w.Dims[1] && t.Dims.Count(d => d != 1) <= 1)
                {
                    bias = t;
                    _fused.Add(users[0]);
                }
                else
                {
                    add = null;
                }
                if (add is not null)
                {
                    outputName = add.Output[0];
                }
            }
            var name = ParamName(w, n);
            var linear = new Linear(name, x.Layer, Small(n, w.Dims[0], "input features"), Small(n, w.Dims[1], "output features"), bias is not null);
            var act = AddLayer(n, linear, bias is null ? "MatMul" : "MatMul+Add");
            _values[outputName] = act;
            _initial[name + ".weight"] = () => Folding.Transpose2D(w.Values.Span, (int)w.Dims[0], (int)w.Dims[1]);
            if (bias is not null)
            {
                _initial[name + ".bias"] = () => bias.Values;
            }
            return;
        }
        throw Fail(n, "expects an activation times a constant 2-D weight, or a product of two activations");
    }

    private void ConvertBatchNorm(NodeProto n)
    {
        var x = ActIn(n, 0);
        var scale = ConstIn(n, 1);
        var bias = ConstIn(n, 2);
        ConstIn(n, 3);
        ConstIn(n, 4);
        if (x.Shape.Rank != 3)
        {
            throw Fail(n, $"expects an N x C x H x W input (BatchNorm2d), got {Full(x)}");
        }
        var name = ParamName(scale, n);
        var momentum = 1 - Float(n, "momentum", 0.9); // ONNX keeps momentum x running + (1 - momentum) x batch; PyTorch's momentum weighs the batch
        Layer(n, new BatchNorm2d(name, x.Layer, x.Shape.Channels, Float(n, "epsilon", 1e-5), Math.Round(momentum, 6)));
        _initial[name + ".weight"] = () => scale.Values;
        _initial[name + ".bias"] = () => bias.Values;
    }

    private void ConvertLayerNorm(NodeProto n)
    {
        var x = ActIn(n, 0);
        var axis = Int(n, "axis", -1);
        if (axis != -1 && axis != x.FullRank - 1)
        {
            throw Fail(n, $"expects normalization over the last axis, got axis {axis} of {Full(x)}");
        }
        var scale = ConstIn(n, 1);
        var bias = OptionalConst(n, 2) ?? throw Fail(n, "expects a bias (PyTorch's elementwise_affine LayerNorm)");
        var name = ParamName(scale, n);
        Layer(n, new LayerNorm(name, x.Layer, x.Shape.Last, Float(n, "epsilon", 1e-5)));
        _initial[name + ".weight"] = () => scale.Values;
        _initial[name + ".bias"] = () => bias.Values;
    }

    /// <summary>
    /// Matches PyTorch's opset-13 layer norm: m = ReduceMean(x); d = x - m; v = ReduceMean(d^2); y = d / sqrt(v + eps) * gamma + beta,
    /// all over the last axis, and adds one LayerNorm for the nine nodes.
    /// </summary>
    private bool TryLayerNormDecomposition(int index, NodeProto mean)
    {
        if (In(mean, 0) is not Act x || !LastAxis(mean, x))
        {
            return false;
        }
        var sub = Single(mean.Output[0], "Sub");
        if (sub is null || sub.Value.Node.Input[0] != mean.Input[0] || sub.Value.Node.Input[1] != mean.Output[0])
        {
            return false;
        }
        var d = sub.Value.Node.Output[0];
        var users = _consumers.GetValueOrDefault(d) ?? [];
        var pow = users.Select(i => (Index: i, Node: _graph.Node[i])).FirstOrDefault(u => u.Node.OpType == "Pow");
        var div = users.Select(i => (Index: i, Node: _graph.Node[i])).FirstOrDefault(u => u.Node.OpType == "Div");
        if (users.Count != 2 || pow.Node is null || div.Node is null || ScalarOf(pow.Node, 1) != 2)
        {
            return false;
        }
        var var = Single(pow.Node.Output[0], "ReduceMean");
        if (var is null || !LastAxis(var.Value.Node, x))
        {
            return false;
        }
        var addEps = Single(var.Value.Node.Output[0], "Add");
        if (addEps is null || ScalarOf(addEps.Value.Node, 1) is not { } eps || eps <= 0)
        {
            return false;
        }
        var sqrt = Single(addEps.Value.Node.Output[0], "Sqrt");
        if (sqrt is null || div.Node.Input[0] != d || div.Node.Input[1] != sqrt.Value.Node.Output[0])
        {
            return false;
        }
        var mul = Single(div.Node.Output[0], "Mul");
        var gamma = mul is null ? null : OtherConst(mul.Value.Node, div.Node.Output[0]);
        var addBeta = mul is null ? null : Single(mul.Value.Node.Output[0], "Add");
        var beta = addBeta is null ? null : OtherConst(addBeta.Value.Node, mul!.Value.Node.Output[0]);
        if (gamma is null || beta is null || gamma.Elements != x.Shape.Last || beta.Elements != x.Shape.Last)
        {
            throw Fail(mean, "matches the layer-norm decomposition but without a per-feature scale and bias (gamma, beta); expected an elementwise-affine LayerNorm");
        }
        var nodes = new[] { sub.Value.Index, pow.Index, var.Value.Index, addEps.Value.Index, sqrt.Value.Index, div.Index, mul!.Value.Index, addBeta!.Value.Index };
        if (nodes.Any(i => i <= index))
        {
            return false;
        }
        _fused.UnionWith(nodes);
        var name = ParamName(gamma, mul.Value.Node);
        var act = AddLayer(mean, new LayerNorm(name, x.Layer, x.Shape.Last, Math.Round(eps, 12)), "ReduceMean+Sub+Pow+ReduceMean+Add+Sqrt+Div+Mul+Add");
        _values[addBeta.Value.Node.Output[0]] = act;
        _initial[name + ".weight"] = () => gamma.Values;
        _initial[name + ".bias"] = () => beta.Values;
        return true;
    }

    private bool LastAxis(NodeProto reduce, Act x)
    {
        var axes = Ints(reduce, "axes") ?? (reduce.Input.Count > 1 && OptionalConst(reduce, 1) is { } a ? Ints(a) : null);
        return axes is { Length: 1 } && (axes[0] == -1 || axes[0] == x.FullRank - 1) && Int(reduce, "keepdims", 1) == 1;
    }

    /// <summary>The one node reading <paramref name="value"/>, if it is one and of <paramref name="op"/>.</summary>
    private (int Index, NodeProto Node)? Single(string value, string op) =>
        _consumers.TryGetValue(value, out var users) && users.Count == 1 && _graph.Node[users[0]].OpType == op ? (users[0], _graph.Node[users[0]]) : null;

    private double? ScalarOf(NodeProto n, int input) =>
        n.Input.Count > input && Lookahead(n.Input[input]) is Const { Tensor: { Elements: 1 } t } ? t.Doubles[0] : null;

    private ConstTensor? OtherConst(NodeProto n, string known)
    {
        var other = n.Input.Count == 2 ? (n.Input[0] == known ? n.Input[1] : n.Input[0]) : null;
        return other is not null && Lookahead(other) is Const { Tensor: { IsInteger: false } t } ? t : null;
    }

    /// <summary>
    /// A value for pattern matching: known already, or the output of a Constant node later in the file (exporters
    /// interleave the constants of a decomposed module with its nodes).
    /// </summary>
    private Value? Lookahead(string name)
    {
        if (_values.TryGetValue(name, out var v))
        {
            return v;
        }
        _producers ??= Enumerable.Range(0, _graph.Node.Count).SelectMany(i => _graph.Node[i].Output.Select(o => (o, i))).GroupBy(p => p.o).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        if (_producers.TryGetValue(name, out var index) && _graph.Node[index] is { OpType: "Constant" } c)
        {
            var value = new Const(ConstantValue(c));
            _values[name] = value;
            return value;
        }
        return null;
    }

    private Dictionary<string, int>? _producers;

    /// <summary>Matches x / sqrt(2) -> Erf -> + 1 -> * x -> * 0.5 (PyTorch's exact GELU before opset 20) starting at the division.</summary>
    private bool TryGelu(int index, NodeProto div, Act x, double divisor)
    {
        if (Math.Abs(divisor - Math.Sqrt(2)) > 1e-4)
        {
            return false;
        }
        var erf = Single(div.Output[0], "Erf");
        var plus = erf is null ? null : Single(erf.Value.Node.Output[0], "Add");
        if (plus is null || ScalarOf(plus.Value.Node, plus.Value.Node.Input[0] == erf!.Value.Node.Output[0] ? 1 : 0) != 1)
        {
            return false;
        }
        var times = Single(plus.Value.Node.Output[0], "Mul");
        if (times is null || !times.Value.Node.Input.Contains(div.Input[0]))
        {
            return false;
        }
        var half = Single(times.Value.Node.Output[0], "Mul");
        if (half is null || ScalarOf(half.Value.Node, half.Value.Node.Input[0] == times.Value.Node.Output[0] ? 1 : 0) is not { } h || Math.Abs(h - 0.5) > 1e-6)
        {
            return false;
        }
        var nodes = new[] { erf.Value.Index, plus.Value.Index, times.Value.Index, half.Value.Index };
        if (nodes.Any(i => i <= index))
        {
            return false;
        }
        _fused.UnionWith(nodes);
        var act = AddLayer(div, new Gelu(Unique(ModulePath(div) is { Length: > 0 } p ? p : "gelu"), x.Layer), "Div+Erf+Add+Mul+Mul");
        _values[half.Value.Node.Output[0]] = act;
        return true;
    }

    private void ConvertClip(NodeProto n)
    {
        var x = ActIn(n, 0);
        double min, max;
        if (_opset < 11 || n.Input.Count == 1)
        {
            min = Float(n, "min", double.NegativeInfinity);
            max = Float(n, "max", double.PositiveInfinity);
        }
        else
        {
            min = OptionalConst(n, 1) is { } lo ? Scalar(n, lo, "min") : double.NegativeInfinity;
            max = OptionalConst(n, 2) is { } hi ? Scalar(n, hi, "max") : double.PositiveInfinity;
        }
        if (!(min < max))
        {
            throw Fail(n, $"expects min < max, got {min} and {max}");
        }
        Layer(n, new Activation(FreeName(n), x.Layer, ActivationFunction.Clip, min, max));
    }

    private double Scalar(NodeProto n, ConstTensor t, string what) =>
        t.Elements == 1 ? t.Doubles[0] : throw Fail(n, $"expects a scalar {what}, got {t}");

    private void ConvertSoftmax(NodeProto n)
    {
        var x = ActIn(n, 0);
        var axis = Int(n, "axis", _opset >= 13 ? -1 : 1);
        if (axis < 0)
        {
            axis += x.FullRank;
        }
        // before opset 13 the axis flattens everything from it on; both forms are the last-axis softmax when it is the last axis
        if (axis != x.FullRank - 1)
        {
            throw Fail(n, $"expects a softmax over the last axis, got axis {Int(n, "axis", -1)} of {Full(x)}");
        }
        Layer(n, new Softmax(FreeName(n), x.Layer));
    }

    private void ConvertPool(NodeProto n)
    {
        var x = ActIn(n, 0);
        if (x.Shape.Rank != 3)
        {
            throw Fail(n, $"expects an N x C x H x W input, got {Full(x)}");
        }
        if (Int(n, "ceil_mode", 0) != 0)
        {
            throw Fail(n, "ceil_mode = 1 is not supported; SatSim pools in floor mode (PyTorch's default)");
        }
        var kernel = Square(n, "kernel_shape", Ints(n, "kernel_shape") ?? throw Fail(n, "expects kernel_shape"), 1);
        var stride = Square(n, "strides", Ints(n, "strides"), 1);
        if (Square(n, "dilations", Ints(n, "dilations"), 1) != 1)
        {
            throw Fail(n, "dilated pooling is not supported");
        }
        var pad = Pads(n, kernel, 1);
        var name = FreeName(n);
        if (n.OpType == "MaxPool")
        {
            if (n.Output.Count > 1 && !string.IsNullOrEmpty(n.Output[1]))
            {
                throw Fail(n, "the indices output is not supported");
            }
            Layer(n, new MaxPool2d(name, x.Layer, kernel, stride, pad));
        }
        else
        {
            if (pad > 0 && Int(n, "count_include_pad", 0) == 0)
            {
                throw Fail(n, "padding excluded from the divisor (count_include_pad = 0) is not supported; SatSim counts padding as PyTorch's default does");
            }
            Layer(n, new AvgPool2d(name, x.Layer, kernel, stride, pad));
        }
    }

    private void ConvertFlatten(NodeProto n)
    {
        var x = ActIn(n, 0);
        var axis = Int(n, "axis", 1);
        if (axis < 0)
        {
            axis += x.FullRank;
        }
        if (axis != 1)
        {
            throw Fail(n, $"expects axis 1 (keep the batch, flatten each sample), got {Int(n, "axis", 1)}");
        }
        Layer(n, new Flatten(FreeName(n), x.Layer));
    }

    private void ConvertReshape(NodeProto n)
    {
        var shape = Ints(ConstIn(n, 1));
        if (In(n, 0) is Const c)
        {
            Set(n, 0, new Const(c.Tensor.WithDims(Folding.ReshapeDims(c.Tensor.Dims, shape, Int(n, "allowzero", 0) != 0, m => Fail(n, m)))));
            return;
        }
        var x = ActIn(n, 0);
        if (shape.Length == 0 || !IsBatch(shape[0]))
        {
            throw Fail(n, $"expects the target shape's dimension 0 to be the batch, got [{string.Join(",", shape.Select(Show))}]");
        }
        var allowZero = Int(n, "allowzero", 0) != 0;
        var dims = new long[shape.Length - 1];
        var infer = -1;
        for (var i = 1; i < shape.Length; i++)
        {
            var v = shape[i];
            if (v >= BatchSymbol)
            {
                throw Fail(n, $"dimension {i} of the target [{string.Join(",", shape.Select(Show))}] mixes the batch into a sample dimension; SatSim keeps the batch as dimension 0");
            }
            if (v == 0 && !allowZero)
            {
                v = i < x.FullRank ? x.Shape[i - 1] : throw Fail(n, $"dimension {i} copies an input dimension that {Full(x)} lacks");
            }
            if (v == -1)
            {
                if (infer >= 0)
                {
                    throw Fail(n, "expects at most one -1 in the target shape");
                }
                infer = i - 1;
                v = 1;
            }
            if (v < 1)
            {
                throw Fail(n, $"target dimension {i} is {v}; expected >= 1");
            }
            dims[i - 1] = v;
        }
        if (infer >= 0)
        {
            var rest = ConstTensor.Count(dims);
            if (x.Shape.Elements % rest != 0)
            {
                throw Fail(n, $"cannot reshape {Full(x)} to [{string.Join(",", shape.Select(Show))}] (inconsistent shapes)");
            }
            dims[infer] = x.Shape.Elements / rest;
        }
        var target = Shape(n, dims);
        if (target.Elements != x.Shape.Elements)
        {
            throw Fail(n, $"cannot reshape {Full(x)} ({x.Shape.Elements} values per sample) to [{string.Join(",", shape.Select(Show))}] ({target.Elements}) (inconsistent shapes)");
        }
        if (target == x.Shape)
        {
            Set(n, 0, x);
            return;
        }
        Layer(n, new Reshape(FreeName(n), x.Layer, target));
    }

    private bool IsBatch(long v) => v == BatchSymbol || v == -1 || v == 0 || (_fileBatch > 0 && v == _fileBatch);

    private static string Show(long v) => v == BatchSymbol ? "batch" : v.ToString(CultureInfo.InvariantCulture);

    private void ConvertTranspose(NodeProto n)
    {
        if (In(n, 0) is Const c)
        {
            var permC = Ints(n, "perm") ?? Enumerable.Range(0, c.Tensor.Rank).Reverse().Select(i => (long)i).ToArray();
            Set(n, 0, new Const(Folding.Transpose(c.Tensor, permC, m => Fail(n, m))));
            return;
        }
        var x = ActIn(n, 0);
        var perm = Ints(n, "perm") ?? Enumerable.Range(0, x.FullRank).Reverse().Select(i => (long)i).ToArray();
        if (perm.Length != x.FullRank || perm[0] != 0)
        {
            throw Fail(n, $"expects a permutation of {x.FullRank} axes that keeps the batch (axis 0) first, got [{string.Join(",", perm)}]");
        }
        var sample = perm.Skip(1).Select(p => (int)p - 1).ToArray();
        if (sample.SequenceEqual(Enumerable.Range(0, sample.Length)))
        {
            Set(n, 0, x);
            return;
        }
        Layer(n, new Transpose(FreeName(n), x.Layer, sample));
    }

    private void ConvertConcat(NodeProto n)
    {
        var inputs = Enumerable.Range(0, n.Input.Count).Select(i => In(n, i)).ToArray();
        var axis = Int(n, "axis", 0);
        if (inputs.All(v => v is Const))
        {
            Set(n, 0, new Const(Folding.Concat(inputs.Select(v => ((Const)v).Tensor).ToArray(), axis, m => Fail(n, m))));
            return;
        }
        if (!inputs.All(v => v is Act))
        {
            throw Fail(n, "expects only activations or only constants");
        }
        var acts = inputs.Cast<Act>().ToArray();
        if (axis < 0)
        {
            axis += acts[0].FullRank;
        }
        if (axis < 1 || axis >= acts[0].FullRank)
        {
            throw Fail(n, $"expects a sample axis (not the batch), got {Int(n, "axis", 0)} of {Full(acts[0])}");
        }
        Layer(n, new Concat(FreeName(n), acts.Select(a => a.Layer).ToArray(), (int)axis - 1));
    }

    private void ConvertArithmetic(int index, NodeProto n)
    {
        var a = In(n, 0);
        var b = In(n, 1);
        if (a is Const ca && b is Const cb)
        {
            Set(n, 0, new Const(Folding.Elementwise(n.OpType, ca.Tensor, cb.Tensor, m => Fail(n, m))));
            return;
        }
        switch (n.OpType)
        {
            case "Add" when a is Act x && b is Act y:
                Layer(n, new Add(FreeName(n), x.Layer, y.Layer));
                return;
            case "Add":
            {
                var x = a as Act ?? (Act)b;
                var c = (a as Const ?? (Const)b).Tensor;
                var dims = c.Dims.SkipWhile((d, i) => c.Rank > x.Shape.Rank && i < c.Rank - x.Shape.Rank && d == 1).ToArray();
                if (c.IsInteger || !dims.SequenceEqual(x.Shape.Dims.Select(d => (long)d)))
                {
                    throw Fail(n, $"adds constant {c} to activation {Full(x)}; SatSim imports a constant added to every sample only when it has the sample's shape (a learned position embedding)");
                }
                var name = ParamName(c, n);
                Layer(n, new AddParameter(name, x.Layer, x.Shape));
                _initial[name + ".weight"] = () => c.Values;
                return;
            }
            case "Mul" when a is Act x && b is Act y:
                Layer(n, new Multiply(FreeName(n), x.Layer, y.Layer));
                return;
            case "Mul" or "Div" when a is Act x && b is Const { Tensor: { Elements: 1 } c }:
            {
                var factor = c.Doubles[0];
                if (n.OpType == "Div" && TryGelu(index, n, x, factor))
                {
                    return;
                }
                if (n.OpType == "Mul" && factor > 0 && TryGelu(index, n, x, 1 / factor))
                {
                    return;
                }
                if (n.OpType == "Div" && factor == 0)
                {
                    throw Fail(n, "divides by zero");
                }
                Layer(n, new Scale(FreeName(n), x.Layer, n.OpType == "Div" ? 1 / factor : factor));
                return;
            }
            case "Mul" when b is Act x && a is Const { Tensor: { Elements: 1 } c }:
                Layer(n, new Scale(FreeName(n), x.Layer, c.Doubles[0]));
                return;
            default:
                throw Fail(n, $"on {Describe(a)} and {Describe(b)} is not supported; SatSim imports Add of two equal-shaped activations or of a learned per-sample tensor, Mul of two equal-shaped activations, and Mul/Div by a scalar constant");
        }
    }

    private string Describe(Value v) => v switch
    {
        Act a => $"activation {Full(a)}",
        Const c => $"constant {c.Tensor}",
        _ => "?",
    };

    private void ConvertDropout(NodeProto n)
    {
        var x = ActIn(n, 0);
        double ratio = _opset >= 12 ? (OptionalConst(n, 1) is { } r ? Scalar(n, r, "ratio") : 0.5) : Float(n, "ratio", 0.5);
        if (ratio is < 0 or >= 1)
        {
            throw Fail(n, $"expects a ratio in [0, 1), got {ratio}");
        }
        Layer(n, new Dropout(FreeName(n), x.Layer, Math.Round(ratio, 6)));
    }

    private void ConvertGather(NodeProto n)
    {
        var data = In(n, 0);
        var indices = In(n, 1);
        var axis = Int(n, "axis", 0);
        switch (data, indices)
        {
            case (Const table, Act ids) when axis == 0 && !table.Tensor.IsInteger:
            {
                if (table.Tensor.Rank != 2 || ids.Shape.Rank != 1)
                {
                    throw Fail(n, $"expects a 2-D embedding table and a vector of token ids per sample, got {table.Tensor} and {Full(ids)}");
                }
                var name = ParamName(table.Tensor, n);
                Layer(n, new Embedding(name, ids.Layer, Small(n, table.Tensor.Dims[0], "vocabulary"), Small(n, table.Tensor.Dims[1], "embedding dimension")));
                _initial[name + ".weight"] = () => table.Tensor.Values;
                return;
            }
            case (Act x, Const idx) when idx.Tensor.Elements == 1 && idx.Tensor.Rank == 0 && idx.Tensor.IsInteger:
            {
                if (axis < 0)
                {
                    axis += x.FullRank;
                }
                if (axis != 1 || x.Shape.Rank != 2)
                {
                    throw Fail(n, $"expects selecting one token (axis 1) of an N x T x D sequence, got axis {Int(n, "axis", 0)} of {Full(x)}");
                }
                var i = idx.Tensor.Ints![0];
                if (i < 0)
                {
                    i += x.Shape[0];
                }
                if (i < 0 || i >= x.Shape[0])
                {
                    throw Fail(n, $"token index {idx.Tensor.Ints[0]} is outside 0..{x.Shape[0] - 1}");
                }
                Layer(n, new SelectToken(FreeName(n), x.Layer, (int)i));
                return;
            }
            case (Const d, Const idx):
                Set(n, 0, new Const(Folding.Gather(d.Tensor, idx.Tensor, axis, m => Fail(n, m))));
                return;
            default:
                throw Fail(n, $"on {Describe(data)} with indices {Describe(indices)} is not supported; SatSim imports Gather as an embedding (table initializer, token ids), as one token of a sequence, or on constants");
        }
    }

    private void ConvertShape(NodeProto n)
    {
        long[] dims = In(n, 0) switch
        {
            Act a => [BatchSymbol, .. a.Shape.Dims.Select(d => (long)d)],
            Const c => c.Tensor.Dims,
            _ => [],
        };
        var start = Int(n, "start", 0);
        var end = Int(n, "end", dims.Length);
        start = Math.Clamp(start < 0 ? start + dims.Length : start, 0, dims.Length);
        end = Math.Clamp(end < 0 ? end + dims.Length : end, 0, dims.Length);
        var slice = dims[(int)start..(int)Math.Max(start, end)];
        Set(n, 0, new Const(ConstTensor.OfInts([slice.Length], slice)));
    }

    private void ConvertSqueeze(NodeProto n)
    {
        var axes = Ints(n, "axes") ?? (OptionalConst(n, 1) is { } a ? Ints(a) : null);
        var value = In(n, 0);
        var dims = value switch
        {
            Act x => [BatchSymbol, .. x.Shape.Dims.Select(d => (long)d)],
            Const c => c.Tensor.Dims,
            _ => Array.Empty<long>(),
        };
        var result = n.OpType == "Unsqueeze" ? Folding.UnsqueezeDims(dims, axes ?? throw Fail(n, "expects axes"), m => Fail(n, m)) : Folding.SqueezeDims(dims, axes, m => Fail(n, m));
        if (value is Const k)
        {
            Set(n, 0, new Const(k.Tensor.WithDims(result)));
            return;
        }
        var act = (Act)value;
        if (result.Length == 0 || result[0] != BatchSymbol)
        {
            throw Fail(n, "would move the batch axis; SatSim keeps the batch as dimension 0");
        }
        var target = Shape(n, result[1..]);
        if (target == act.Shape)
        {
            Set(n, 0, act);
            return;
        }
        Layer(n, new Reshape(FreeName(n), act.Layer, target));
    }

    private void ConvertCast(NodeProto n)
    {
        var to = Int(n, "to", 0);
        var value = In(n, 0);
        var toFloat = OnnxFile.IsFloat((int)to);
        if (value is Act act)
        {
            if (!toFloat)
            {
                throw Fail(n, "casting an activation to an integer type is not supported");
            }
            Set(n, 0, act);
            return;
        }
        var c = ((Const)value).Tensor;
        if (toFloat)
        {
            Set(n, 0, new Const(c.IsInteger ? ConstTensor.OfFloats(c.Dims, c.Floats) : c));
        }
        else
        {
            Set(n, 0, new Const(c.IsInteger ? c : ConstTensor.OfInts(c.Dims, c.Floats.Select(v => (long)v).ToArray())));
        }
    }

    private void ConvertConstantOfShape(NodeProto n)
    {
        var shape = Ints(ConstIn(n, 0));
        if (shape.Any(d => d < 0 || d >= BatchSymbol))
        {
            throw Fail(n, $"expects a fixed shape, got [{string.Join(",", shape.Select(Show))}]");
        }
        var count = ConstTensor.Count(shape);
        if (count > Folding.MaxFoldedElements)
        {
            throw Fail(n, $"would fold {count} values; at most {Folding.MaxFoldedElements}");
        }
        var attr = n.Attribute.FirstOrDefault(a => a.Name == "value");
        var fill = attr?.T is { } t ? _file.Decode(t, $"node {TextExcerpt.Quote(n.Name)} value") : ConstTensor.OfFloats([1], [0f]);
        Set(n, 0, new Const(fill.IsInteger
            ? ConstTensor.OfInts(shape, Enumerable.Repeat(fill.Ints![0], (int)count).ToArray())
            : ConstTensor.OfFloats(shape, Enumerable.Repeat(fill.Floats[0], (int)count).ToArray())));
    }

    private ConstTensor ConstantValue(NodeProto n)
    {
        var a = n.Attribute.FirstOrDefault() ?? throw Fail(n, "has no value attribute");
        return a.Name switch
        {
            "value" when a.T is not null => _file.Decode(a.T, $"node {TextExcerpt.Quote(n.Name)} value"),
            "value_float" => ConstTensor.OfFloats([], [a.F]),
            "value_floats" => ConstTensor.OfFloats([a.Floats.Count], a.Floats.ToArray()),
            "value_int" => ConstTensor.OfInts([], [a.I]),
            "value_ints" => ConstTensor.OfInts([a.Ints.Count], a.Ints.ToArray()),
            _ => throw Fail(n, $"attribute {TextExcerpt.Quote(a.Name)} is not supported; expected value, value_float(s) or value_int(s)"),
        };
    }

    // ---------------------------------------------------------------- helpers

    private void Layer(NodeProto n, Layer layer) => Set(n, 0, AddLayer(n, layer, n.OpType));

    private Act AddLayer(NodeProto n, Layer layer, string operators)
    {
        try
        {
            _builder.Add(layer);
        }
        catch (ModelException e)
        {
            throw Fail(n, e.Message + " (inconsistent shapes)");
        }
        catch (OverflowException)
        {
            throw Fail(n, $"its output would hold more than {int.MaxValue} values per sample (sizes from the file overflow)");
        }
        var shape = _builder.Shape(layer.Name);
        if (shape.Elements > MaxSampleElements)
        {
            throw Fail(n, $"its output {shape} holds {shape.Elements} values per sample; SatSim handles at most {MaxSampleElements} in one tensor");
        }
        _names.Add(layer.Name);
        _operators[layer.Name] = operators;
        return new Act(layer.Name, shape);
    }

    private void Set(NodeProto n, int output, Value value)
    {
        if (n.Output.Count <= output || string.IsNullOrEmpty(n.Output[output]))
        {
            throw Fail(n, "has no output");
        }
        _values[n.Output[output]] = value;
    }

    private Value In(NodeProto n, int i)
    {
        if (n.Input.Count <= i || string.IsNullOrEmpty(n.Input[i]))
        {
            throw Fail(n, $"expects input {i}");
        }
        return _values.TryGetValue(n.Input[i], out var v) ? v : throw Fail(n, $"reads {TextExcerpt.Quote(n.Input[i])}, which no initializer or earlier node produces");
    }

    private Act ActIn(NodeProto n, int i) => In(n, i) as Act ?? throw Fail(n, $"expects input {i} ({TextExcerpt.Quote(n.Input[i])}) to be computed from the model input, got a constant");

    private ConstTensor ConstIn(NodeProto n, int i) => In(n, i) is Const c ? c.Tensor : throw Fail(n, $"expects input {i} ({TextExcerpt.Quote(n.Input[i])}) to be a constant (an initializer), got an activation");

    private ConstTensor? OptionalConst(NodeProto n, int i) => n.Input.Count > i && !string.IsNullOrEmpty(n.Input[i]) ? ConstIn(n, i) : null;

    private long[] Ints(ConstTensor t) => t.IsInteger ? t.Ints! : t.Floats.Select(v => (long)v).ToArray();

    private static long[]? Ints(NodeProto n, string name) => n.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.Ints.Count > 0 ? a.Ints.ToArray() : [a.I] : null;

    private static long Int(NodeProto n, string name, long fallback) => n.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : fallback;

    private static double Float(NodeProto n, string name, double fallback) => n.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.F : fallback;

    private static string Str(NodeProto n, string name, string fallback) => n.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.S.ToStringUtf8() : fallback;

    private int Small(NodeProto n, long v, string what) => v is >= 1 and <= int.MaxValue ? (int)v : throw Fail(n, $"{what} {v} is outside 1..{int.MaxValue}");

    private TensorShape Shape(NodeProto n, long[] dims) => new(dims.Select(d => Small(n, d, "dimension")).ToArray());

    private static string Full(Act a) => $"batch x {a.Shape}";

    /// <summary>
    /// PyTorch's scope path of a node ("/layer1/layer1.0/conv1/Conv" -> "layer1.0.conv1"): each scope either
    /// extends the path or, when it already starts with the previous scope and a dot, replaces that scope.
    /// </summary>
    private static string ModulePath(NodeProto n)
    {
        var parts = n.Name.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return "";
        }
        var path = new List<string>();
        foreach (var p in parts[..^1])
        {
            if (path.Count > 0 && p.StartsWith(path[^1] + ".", StringComparison.Ordinal))
            {
                path[^1] = p;
            }
            else
            {
                path.Add(p);
            }
        }
        return string.Join(".", path);
    }

    /// <summary>A parameterized layer is named after its module: the weight's name without ".weight", else the node's scope.</summary>
    private string ParamName(ConstTensor weight, NodeProto n)
    {
        var source = weight.Source;
        string name;
        if (!string.IsNullOrEmpty(source) && !source.StartsWith("onnx::", StringComparison.Ordinal) && !source.Contains('/'))
        {
            var dot = source.LastIndexOf('.');
            name = dot > 0 ? source[..dot] : source;
        }
        else
        {
            name = ModulePath(n) is { Length: > 0 } p ? p : n.OpType.ToLowerInvariant();
        }
        return Unique(name);
    }

    /// <summary>A parameter-free layer: its scope plus the node's own short name ("layer1.0.relu_1").</summary>
    private string FreeName(NodeProto n)
    {
        var parts = n.Name.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var local = (parts.Length > 0 ? parts[^1] : n.OpType).ToLowerInvariant();
        var path = ModulePath(n);
        return Unique(path.Length > 0 ? path + "." + local : local);
    }

    private string Unique(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            name = "layer";
        }
        var candidate = name;
        for (var i = 2; _names.Contains(candidate); i++)
        {
            candidate = $"{name}_{i}";
        }
        _names.Add(candidate);
        return candidate;
    }
}
