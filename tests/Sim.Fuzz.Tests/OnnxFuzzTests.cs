using CsCheck;
using Google.Protobuf;
using Sim.Onnx;
using Sim.Onnx.Proto;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;

namespace Sim.Fuzz.Tests;

/// <summary>
/// ONNX files, mutated as bytes and as protobuf structure (the committed PyTorch exports are the corpus): hostile
/// declared dimensions (0, negative, 2^31, 2^40, int64 extremes) on inputs, initializers and shape constants,
/// external data that escapes the folder, is absolute, missing, short or given negative or huge offsets and
/// lengths, hostile attribute values (kernel, strides, pads, groups, axes), removed, duplicated and rewired nodes,
/// unknown operators and opsets. Each ends in a one-line <see cref="OnnxImportException"/>, or in a model whose
/// lowering to a training iteration gives non-negative MAC counts, in bounded time and memory.
/// </summary>
public sealed class OnnxFuzzTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(RepoRoot(), "tests", "Sim.Onnx.Tests", "Fixtures");

    private static readonly Lazy<byte[][]> Corpus = new(() =>
        Directory.GetFiles(Fixtures, "*.onnx").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray());

    private static readonly long[] HostileDims = [0, -1, -7, 1, 3, int.MaxValue, 1L << 31, 1L << 40, long.MaxValue, long.MinValue];

    private static readonly string[] Locations =
    [
        "w.bin", "../w.bin", "sub/../../w.bin", "/etc/passwd", "/dev/zero", "", "missing.bin", ".", "w.bin\u0000x", "\u001b[31mw.bin", "sub/w.bin",
    ];

    private static readonly string[] Numbers = ["0", "4", "-1", "-4", "64", "4096", "9223372036854775807", "99999999999999999999", "1e3", "0x10", " 4"];

    private static readonly string[] Operators =
    [
        "Conv", "Gemm", "MatMul", "Relu", "Concat", "Reshape", "Transpose", "Gather", "Slice", "Shape", "Add", "Softmax", "MaxPool",
        "BatchNormalization", "LayerNormalization", "Flatten", "LSTM", "If", "Loop", "", "\u001b[2J", new string('Z', 3000),
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("satsim-fuzz-onnx").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "SatSim.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("SatSim.sln not found above the test folder");
        }
        return dir;
    }

    /// <summary>Imports the bytes as a file in a fresh folder (with a 64-byte w.bin beside it); then lowers the model.</summary>
    private void ImportEndsCleanly(byte[] bytes)
    {
        var folder = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllBytes(Path.Combine(folder, "w.bin"), new byte[64]);
        File.WriteAllBytes(Path.Combine(folder, "sub", "w.bin"), new byte[64]);
        var path = Path.Combine(folder, "model.onnx");
        File.WriteAllBytes(path, bytes);
        Outcome.MustEndCleanly(() =>
        {
            var model = OnnxImporter.Import(path);
            Assert.True(model.Graph.ParameterCount >= 0);
            foreach (var method in new[] { TrainingMethod.Dense, TrainingMethod.Bdwp })
            {
                var ops = IterationLowering.Lower(model.Graph, new LoweringOptions { Method = method, Pattern = new NmPattern(2, 8), Batch = 2 }).ToList();
                Assert.All(ops, op => Assert.True(op.M >= 0 && op.N >= 0 && op.K >= 0 && op.Elements >= 0 && op.DenseMacs >= 0 && op.EffectiveMacs >= 0 && op.BytesIn >= 0, $"{op.Layer} {op.Op}: a negative size"));
            }
        }, Outcome.OneLine<OnnxImportException>());
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void MutatedOnnxBytesEndInAnImportErrorOrAModel()
    {
        FuzzBudget.Run(Mutator.Bytes(Corpus.Value), ImportEndsCleanly, 80);
    }

    /// <summary>One structural edit of a parsed model: which kind, which element (a fraction of the count), which value.</summary>
    public readonly record struct ProtoEdit(int Kind, double Which, int Value, int Extra);

    private static readonly Gen<ProtoEdit> ProtoEditGen =
        Gen.Select(Gen.Int[0, 11], Gen.Double[0, 1], Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20]).Select(t => new ProtoEdit(t.Item1, t.Item2, t.Item3, t.Item4));

    [Fact]
    public void StructurallyMutatedModelsEndInAnImportErrorOrAModel()
    {
        var gen = Gen.Select(Gen.Int[0, Corpus.Value.Length - 1], ProtoEditGen.Array[1, 4]);
        FuzzBudget.Run(gen, t => ImportEndsCleanly(Mutate(Corpus.Value[t.Item1], t.Item2)), 160);
    }

    private static T Pick<T>(IReadOnlyList<T> list, double which) => list[Math.Min(list.Count - 1, (int)(which * list.Count))];

    private static byte[] Mutate(byte[] original, IEnumerable<ProtoEdit> edits)
    {
        var model = ModelProto.Parser.ParseFrom(original);
        var g = model.Graph;
        foreach (var e in edits)
        {
            var dim = HostileDims[e.Value % HostileDims.Length];
            switch (e.Kind)
            {
                case 0 when g.Input.Count > 0: // a declared input dimension
                    var shape = Pick(g.Input, e.Which).Type?.TensorType?.Shape;
                    if (shape is { Dim.Count: > 0 })
                    {
                        shape.Dim[e.Extra % shape.Dim.Count] = new TensorShapeProto.Types.Dimension { DimValue = dim };
                    }
                    break;
                case 1 when g.Initializer.Count > 0: // an initializer's dimension (its data no longer matches)
                    var t = Pick(g.Initializer, e.Which);
                    if (t.Dims.Count > 0)
                    {
                        t.Dims[e.Extra % t.Dims.Count] = dim;
                    }
                    else
                    {
                        t.Dims.Add(dim);
                    }
                    break;
                case 2 when g.Initializer.Count > 0: // data moved to an external file, hostile location and range
                    var x = Pick(g.Initializer, e.Which);
                    x.RawData = ByteString.Empty;
                    x.FloatData.Clear();
                    x.Int64Data.Clear();
                    x.DataLocation = TensorProto.Types.DataLocation.External;
                    x.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = Locations[e.Value % Locations.Length] });
                    if (e.Extra % 3 > 0)
                    {
                        x.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = Numbers[e.Extra % Numbers.Length] });
                    }
                    if (e.Extra % 5 > 1)
                    {
                        x.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = Numbers[(e.Extra / 5) % Numbers.Length] });
                    }
                    break;
                case 3 when g.Node.Count > 0: // an integer attribute (kernel, strides, pads, group, axis, perm ...)
                    var attributes = Pick(g.Node, e.Which).Attribute;
                    if (attributes.Count > 0)
                    {
                        var a = attributes[e.Extra % attributes.Count];
                        a.I = dim;
                        if (a.Ints.Count > 0)
                        {
                            a.Ints[e.Extra % a.Ints.Count] = dim;
                        }
                        a.F = (e.Extra % 4) switch { 0 => float.NaN, 1 => float.PositiveInfinity, 2 => -1e30f, _ => 0f };
                    }
                    break;
                case 4 when g.Node.Count > 0:
                    g.Node.RemoveAt(Math.Min(g.Node.Count - 1, (int)(e.Which * g.Node.Count)));
                    break;
                case 5 when g.Node.Count > 0: // an input rewired: to nothing, to a later node's output, to itself
                    var node = Pick(g.Node, e.Which);
                    if (node.Input.Count > 0)
                    {
                        var later = g.Node[e.Extra % g.Node.Count];
                        node.Input[e.Value % node.Input.Count] = (e.Extra % 3) switch
                        {
                            0 => "missing",
                            1 when later.Output.Count > 0 => later.Output[0],
                            _ => node.Output.Count > 0 ? node.Output[0] : "",
                        };
                    }
                    break;
                case 6 when g.Node.Count > 0:
                    Pick(g.Node, e.Which).OpType = Operators[e.Value % Operators.Length];
                    break;
                case 7: // opset
                    var opset = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx");
                    if (opset is not null)
                    {
                        opset.Version = new long[] { 0, -1, 10, 11, 18, 19, long.MaxValue }[e.Value % 7];
                    }
                    break;
                case 8 when g.Initializer.Count > 0: // integer constants (shapes, axes, indices) made hostile
                    foreach (var c in g.Initializer.Where(i => i.DataType == (int)TensorProto.Types.DataType.Int64 && i.RawData.Length >= 8))
                    {
                        var raw = c.RawData.ToByteArray();
                        var at = 8 * (e.Extra % (raw.Length / 8));
                        BitConverter.TryWriteBytes(raw.AsSpan(at), dim);
                        c.RawData = ByteString.CopyFrom(raw);
                        break;
                    }
                    break;
                case 9 when g.Node.Count > 0: // a node duplicated (its outputs defined twice)
                    g.Node.Insert(Math.Min(g.Node.Count, (int)(e.Which * g.Node.Count) + 1), Pick(g.Node, e.Which).Clone());
                    break;
                case 10 when g.Initializer.Count > 0: // data type changed under the same bytes
                    Pick(g.Initializer, e.Which).DataType = new[] { 0, 1, 2, 6, 7, 8, 10, 11, 13, 16, 99 }[e.Value % 11];
                    break;
                default: // the graph's output or input dropped
                    if (e.Value % 2 == 0 && g.Output.Count > 0)
                    {
                        g.Output.RemoveAt(0);
                    }
                    else if (g.Input.Count > 0)
                    {
                        g.Input.RemoveAt(0);
                    }
                    break;
            }
        }
        return model.ToByteArray();
    }

    [Theory]
    [InlineData("../w.bin", "leaves the model's folder")]
    [InlineData("sub/../../w.bin", "leaves the model's folder")]
    [InlineData("/etc/passwd", "must be relative to the model's folder")]
    [InlineData("missing.bin", "not found next to the model")]
    public void External_data_outside_the_folder_or_missing_is_refused(string location, string expected)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(Fixtures, "mlp-infer13.onnx")));
        var t = model.Graph.Initializer.First(i => i.Dims.Count == 2);
        t.RawData = ByteString.Empty;
        t.DataLocation = TensorProto.Types.DataLocation.External;
        t.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        var folder = Path.Combine(_dir, "inner");
        Directory.CreateDirectory(folder);
        // a file of the right size exists just outside: reading it would import without error
        File.WriteAllBytes(Path.Combine(_dir, "w.bin"), new byte[t.Dims.Aggregate(4L, (a, d) => a * d)]);
        var path = Path.Combine(folder, "m.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(path));
        Assert.Contains(expected, e.Message);
        Outcome.CleanLine(e.Message);
    }
}
