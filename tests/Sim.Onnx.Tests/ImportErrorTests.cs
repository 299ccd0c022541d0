using Google.Protobuf;
using Sim.Onnx.Proto;
using W = Sim.Onnx.Tests.OnnxTestWriter;

namespace Sim.Onnx.Tests;

/// <summary>Every kind of bad file is one line naming the file (and node or initializer) and what was expected.</summary>
public sealed class ImportErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static void AssertOneLine(OnnxImportException e, string path, params string[] fragments)
    {
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        foreach (var f in fragments)
        {
            Assert.Contains(f, e.Message, StringComparison.Ordinal);
        }
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A valid two-layer MLP: Flatten, Gemm(784 -> 16), Relu, Gemm(16 -> 10).</summary>
    private static W Mlp(int hidden = 16, long declaredClasses = 10)
    {
        var w = new W();
        w.Input("x", 2, 1, 28, 28);
        w.Node("Flatten", "/flatten/Flatten", ["x"], "f", W.Int("axis", 1));
        w.Node("Gemm", "/fc1/Gemm", ["f", w.Weight("fc1.weight", hidden, 784), w.Weight("fc1.bias", hidden)], "h", W.Int("transB", 1));
        w.Node("Relu", "/Relu", ["h"], "r");
        w.Node("Gemm", "/fc2/Gemm", ["r", w.Weight("fc2.weight", 10, hidden), w.Weight("fc2.bias", 10)], "y", W.Int("transB", 1));
        w.Output("y", 2, declaredClasses);
        return w;
    }

    [Fact]
    public void A_valid_generated_file_imports()
    {
        var path = Mlp().Save(_folder.Path, "mlp.onnx");
        var m = OnnxImporter.Import(path);
        Assert.Equal(784L * 16 + 16 + 16 * 10 + 10, m.Graph.ParameterCount);
        Assert.Equal(0.01f * (5 % 7), m.InitialValues["fc1.weight"]().Span[5]);
    }

    [Fact]
    public void Truncated_file()
    {
        var bytes = Mlp().Model().ToByteArray();
        var path = Write("cut.onnx", bytes[..(bytes.Length / 2)]);
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(path)), path, "truncated or malformed");
    }

    [Fact]
    public void Garbage_and_empty_files()
    {
        var garbage = Write("garbage.onnx", Enumerable.Range(0, 200).Select(i => (byte)(i * 37 + 11)).ToArray());
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(garbage)), garbage);
        var empty = Write("empty.onnx", []);
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(empty)), empty, "empty");
        var missing = Path.Combine(_folder.Path, "nothing.onnx");
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(missing)), missing, "no such file");
    }

    [Fact]
    public void Unsupported_operator_names_node_operator_and_the_supported_list()
    {
        var w = Mlp();
        w.Graph.Node.Insert(2, new NodeProto { OpType = "LSTM", Name = "/rnn/LSTM", Input = { "h" }, Output = { "h2" } });
        var path = w.Save(_folder.Path, "lstm.onnx");
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(path)), path, "'/rnn/LSTM'", "LSTM", "supported: Add", "Conv", "Gemm");
    }

    [Fact]
    public void Missing_external_data_file()
    {
        var w = new W(externalData: true);
        w.Input("x", 2, 8);
        w.Node("Gemm", "/fc/Gemm", ["x", w.Weight("fc.weight", 4, 8)], "y", W.Int("transB", 1));
        w.Output("y", 2, 4);
        var path = w.Save(_folder.Path, "ext.onnx");
        Assert.Equal(32, OnnxImporter.Import(path).Graph.ParameterCount);
        File.Delete(Path.Combine(_folder.Path, "weights.bin"));
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(path)), path, "initializer 'fc.weight'", "'weights.bin' not found");
    }

    [Fact]
    public void External_data_shorter_than_its_range()
    {
        var w = new W(externalData: true);
        w.Input("x", 2, 8);
        w.Node("Gemm", "/fc/Gemm", ["x", w.Weight("fc.weight", 4, 8)], "y", W.Int("transB", 1));
        w.Output("y", 2, 4);
        var path = w.Save(_folder.Path, "ext.onnx");
        using (var f = new FileStream(Path.Combine(_folder.Path, "weights.bin"), FileMode.Open))
        {
            f.SetLength(100);
        }
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(path)), path, "beyond the end");
    }

    [Fact]
    public void External_data_may_not_leave_the_models_folder()
    {
        var w = new W(externalData: true);
        w.Input("x", 2, 8);
        w.Node("Gemm", "/fc/Gemm", ["x", w.Weight("fc.weight", 4, 8)], "y", W.Int("transB", 1));
        w.Output("y", 2, 4);
        w.Graph.Initializer[0].ExternalData[0].Value = "../../etc/passwd";
        var path = w.Save(_folder.Path, "escape.onnx");
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(path)), path, "leaves the model's folder");
    }

    /// <summary>A model whose one initializer lives in external data at <paramref name="location"/>, saved into the test folder.</summary>
    private string ExternalAt(string location, string name)
    {
        var w = new W(externalData: true);
        w.Input("x", 2, 8);
        w.Node("Gemm", "/fc/Gemm", ["x", w.Weight("fc.weight", 4, 8)], "y", W.Int("transB", 1));
        w.Output("y", 2, 4);
        w.Graph.Initializer[0].ExternalData[0].Value = location;
        return w.Save(_folder.Path, name);
    }

    [Theory]
    [InlineData("/etc/passwd", "must be relative to the model's folder")]
    [InlineData("sub/../../weights.bin", "leaves the model's folder")]
    public void External_data_absolute_or_dot_dot_out_of_the_folder_is_refused(string location, string message)
    {
        var path = ExternalAt(location, "escape.onnx");
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(path)), path, "initializer 'fc.weight'", message);
    }

    /// <summary>
    /// A symbolic link in the model's folder that points outside it (to a file, or a linked folder on the way) is
    /// refused even though the location names a file inside; a link that stays inside is followed.
    /// </summary>
    [Fact]
    public void External_data_through_a_symbolic_link_out_of_the_folder_is_refused()
    {
        using var outside = new TempFolder();
        var secret = Path.Combine(outside.Path, "secret.bin");
        File.WriteAllBytes(secret, new byte[4096]);

        var fileLink = ExternalAt("link.bin", "file-link.onnx");
        File.CreateSymbolicLink(Path.Combine(_folder.Path, "link.bin"), secret);
        var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(fileLink).InitialValues["fc.weight"]());
        AssertOneLine(e, fileLink, "initializer 'fc.weight'", "'link.bin'", "symbolic link", "leaves the model's folder");

        var folderLink = ExternalAt("sub/secret.bin", "folder-link.onnx");
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "sub"), outside.Path);
        e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(folderLink));
        AssertOneLine(e, folderLink, "'sub/secret.bin'", "symbolic link");

        // a relative link to a folder outside, written with ".." inside the link target
        var relative = ExternalAt("up/" + Path.GetFileName(outside.Path) + "/secret.bin", "relative-link.onnx");
        Directory.CreateSymbolicLink(Path.Combine(_folder.Path, "up"), "..");
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(relative)), relative, "symbolic link");

        // inside: weights.bin (written by Save) reached through a link in a subfolder; values are the file's (zeros)
        var inside = ExternalAt("in/w.bin", "inside.onnx");
        Directory.CreateDirectory(Path.Combine(_folder.Path, "in"));
        File.CreateSymbolicLink(Path.Combine(_folder.Path, "in", "w.bin"), "../weights.bin");
        Assert.Equal(new float[32], OnnxImporter.Import(inside).InitialValues["fc.weight"]().ToArray());
    }

    [Fact]
    public void Raw_data_of_the_wrong_size()
    {
        var w = Mlp();
        w.Graph.Initializer[0].RawData = ByteString.CopyFrom(new byte[12]);
        var path = w.Save(_folder.Path, "raw.onnx");
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(path)), path, "initializer 'fc1.weight'", "raw data has 12 bytes");
    }

    [Fact]
    public void Inconsistent_shapes()
    {
        // fc2 expects 32 inputs but fc1 makes 16
        var w = Mlp();
        w.Graph.Initializer[2] = new TensorProto { Name = "fc2.weight", DataType = 1, Dims = { 10, 32 }, RawData = ByteString.CopyFrom(new byte[10 * 32 * 4]) };
        var path = w.Save(_folder.Path, "shapes.onnx");
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(path)), path, "'/fc2/Gemm'", "expects last dimension 32", "inconsistent shapes");
        // the output declares 12 classes, the nodes compute 10
        var declared = Mlp(declaredClasses: 12).Save(_folder.Path, "declared.onnx");
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(declared)), declared, "declares per-sample shape [12]", "inconsistent shapes");
    }

    [Fact]
    public void Opset_outside_11_to_18()
    {
        var w = Mlp();
        w.Opset = 9;
        var path = w.Save(_folder.Path, "old.onnx");
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(path)), path, "opset 9", "11 to 18");
    }

    [Fact]
    public void Only_the_batch_may_be_symbolic()
    {
        var w = Mlp();
        w.Graph.Input[0] = W.Value("x", 1, -1, 1, 28, 28);
        w.Graph.Input[0].Type.TensorType.Shape.Dim[2] = new TensorShapeProto.Types.Dimension { DimParam = "height" };
        var path = w.Save(_folder.Path, "sym.onnx");
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(path)), path, "dimension 2 is symbolic ('height')");
    }

    [Fact]
    public void Reshape_that_mixes_the_batch_into_a_sample_dimension()
    {
        var w = new W();
        w.Input("x", -1, 4, 8);
        w.Node("Shape", "/Shape", ["x"], "s");
        w.Node("Gather", "/Gather", ["s", w.Ints(0)], "b", W.Int("axis", 0));
        w.Node("Mul", "/Mul", ["b", w.Ints(4)], "b4");
        w.Node("Concat", "/Concat", ["b4", w.Ints(8)], "shape", W.Int("axis", 0));
        w.Node("Reshape", "/Reshape", ["x", "shape"], "y");
        w.Output("y", -1, 8);
        var path = w.Save(_folder.Path, "mix.onnx");
        AssertOneLine(Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(path)), path, "'/Reshape'", "dimension 0 to be the batch");
    }
}
