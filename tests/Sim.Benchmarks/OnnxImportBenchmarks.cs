using BenchmarkDotNet.Attributes;
using Sim.Onnx;

namespace Sim.Benchmarks;

/// <summary>
/// Import of a large ONNX export (issue 12: a 45 MB ResNet-18 in under 2 s, at most twice the file's size in memory).
/// The file is not committed; make it with
/// <c>/usr/bin/python3 tests/Sim.Onnx.Tests/Fixtures/make_fixtures.py --resnet18 /tmp/resnet18.onnx</c> and run
/// <c>SATSIM_ONNX_BENCH=/tmp/resnet18.onnx dotnet run -c Release --project tests/Sim.Benchmarks -- --filter '*OnnxImport*'</c>.
/// Import reads the protobuf (weights stay undecoded until training asks for them) and builds the model graph.
/// </summary>
[MemoryDiagnoser]
public class OnnxImportBenchmarks
{
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        _path = Environment.GetEnvironmentVariable("SATSIM_ONNX_BENCH") ?? "/tmp/resnet18.onnx";
        if (!File.Exists(_path))
        {
            throw new FileNotFoundException($"set SATSIM_ONNX_BENCH to an ONNX file (see the class remarks); '{_path}' does not exist");
        }
    }

    [Benchmark]
    public long Import() => OnnxImporter.Import(_path).Graph.ParameterCount;

    /// <summary>Import plus decoding every parameter, as training from the file's weights needs.</summary>
    [Benchmark]
    public long ImportAndDecodeWeights()
    {
        var m = OnnxImporter.Import(_path);
        return m.InitialValues.Values.Sum(v => (long)v().Length);
    }
}
