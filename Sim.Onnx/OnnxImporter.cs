namespace Sim.Onnx;

/// <summary>
/// Imports an ONNX network (a PyTorch export for training or inference, opsets 11 to 18) as a SatSim model:
/// the graph the workload compiler lowers to FP, BP, WG and WU and the functional engine trains, with the
/// file's weights as initial values. Everything wrong with the file is an <see cref="OnnxImportException"/>
/// with a one-line message.
/// </summary>
public static class OnnxImporter
{
    public const long MinOpset = 11;

    public const long MaxOpset = 18;

    /// <summary>The operators SatSim imports (some only in the patterns their message names).</summary>
    public static IReadOnlyList<string> SupportedOperators { get; } =
    [
        "Add", "AveragePool", "BatchNormalization", "Cast", "Clip", "Concat", "Constant", "ConstantOfShape", "Conv", "Div", "Dropout",
        "Erf (GELU)", "Flatten", "Gather", "Gelu", "Gemm", "GlobalAveragePool", "Identity", "LayerNormalization", "MatMul", "MaxPool",
        "Mul", "Pow (layer norm)", "ReduceMean (layer norm)", "Relu", "Reshape", "Shape", "Sigmoid", "Slice", "Softmax", "Sqrt (layer norm)",
        "Squeeze", "Sub (layer norm)", "Tanh", "Transpose", "Unsqueeze",
    ];

    /// <summary>Whether a --model / model: value names an ONNX file rather than a zoo model.</summary>
    public static bool IsOnnxPath(string model) => model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads and converts <paramref name="path"/>; the model is named after the file.</summary>
    public static ImportedModel Import(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = OnnxFile.Load(path);
        return new OnnxConverter(file).Run(System.IO.Path.GetFileNameWithoutExtension(path));
    }
}
