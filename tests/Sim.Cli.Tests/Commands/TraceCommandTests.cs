using System.Text.Json;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Mapping.Traces;

namespace Sim.Cli.Tests.Commands;

public class TraceCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("satsim-trace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void WritesATraceThatReadsBackWithTheSameCount()
    {
        var path = Path.Combine(_dir, "iteration.jsonl");
        var (code, stdout, err) = Run("trace", "--model", "lenet5", "--batch", "4", "--method", "bdwp", "--nm", "2:8", "--out", path, "--json");
        Assert.True(code == CliApp.Ok, err);
        using var doc = JsonDocument.Parse(stdout);
        var ops = doc.RootElement.GetProperty("operations").GetInt64();
        Assert.True(ops > 0);
        // Header + operations + end line; no temporary file left behind.
        Assert.Equal(ops + 2, File.ReadLines(path).LongCount());
        Assert.Single(Directory.GetFiles(_dir));
        var read = Run("trace", "--read", path, "--json");
        Assert.Equal(CliApp.Ok, read.Code);
        Assert.Equal(ops, JsonDocument.Parse(read.Out).RootElement.GetProperty("operations").GetInt64());
        // Same flags, same bytes.
        var again = Path.Combine(_dir, "again.jsonl");
        Assert.Equal(CliApp.Ok, Run("trace", "--model", "lenet5", "--batch", "4", "--method", "bdwp", "--nm", "2:8", "--out", again).Code);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
    }

    [Fact]
    public void BrokenTraceIsOneLocatedLineAndExitOne()
    {
        var path = Path.Combine(_dir, "t.jsonl");
        Assert.Equal(CliApp.Ok, Run("trace", "--model", "mlp", "--out", path).Code);
        var lines = File.ReadAllLines(path);
        File.WriteAllLines(path, lines.Take(lines.Length - 1)); // drop the end line
        var (code, _, err) = Run("trace", "--read", path);
        Assert.Equal(CliApp.InputError, code);
        Assert.Equal($"{path}:{lines.Length}:1: trace is truncated: it ends after {lines.Length - 2} operations without its end line\n", err.ReplaceLineEndings("\n"));
        var missing = Run("trace", "--model", "mlp");
        Assert.Equal(CliApp.UsageError, missing.Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ElementWiseWorkLoadsAtTheHardwaresOperandWidth(int operandBytes)
    {
        // A ReLU reads one tensor of its elements: elements * operand_bytes bytes, the same width the GEMM
        // tiles use (before, element-wise work stayed at 2 bytes with operand_bytes: 1).
        var hw = Path.Combine(_dir, "hw.yaml");
        File.WriteAllText(hw, $"operand_bytes: {operandBytes}\n");
        var path = Path.Combine(_dir, "t.jsonl");
        var (code, _, err) = Run("trace", "--model", "lenet5", "--batch", "2", "--method", "dense", "--hardware", hw, "--out", path);
        Assert.True(code == CliApp.Ok, err);
        using var reader = TraceReader.Open(path);
        var relus = reader.Operations().Where(o => o.Kind == OpKind.Vector && o.VectorOp == "relu").ToArray();
        Assert.NotEmpty(relus);
        Assert.All(relus, o => Assert.Equal(o.Elements * operandBytes, o.Bytes));
    }
}
