using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Sim.Onnx;

namespace Sim.Benchmarks;

/// <summary>
/// Import of a large ONNX export (target: a 45 MB ResNet-18 in under 2 s, at most twice the file's size in memory).
/// The file is not committed; make it with
/// <c>/usr/bin/python3 tests/Sim.Onnx.Tests/Fixtures/make_fixtures.py --resnet18 /tmp/resnet18.onnx</c> and run
/// <c>SATSIM_ONNX_BENCH=/tmp/resnet18.onnx dotnet run -c Release --project tests/Sim.Benchmarks -- --filter '*OnnxImport*'</c>,
/// or, for one JSON line per run in a fresh process (cold and warm time, CPU time, allocations, peak working set),
/// <c>dotnet tests/Sim.Benchmarks/bin/Release/net10.0/Sim.Benchmarks.dll onnx-import /tmp/resnet18.onnx</c>.
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
    public long ImportAndDecodeWeights() => DecodeAll(OnnxImporter.Import(_path));

    private static long DecodeAll(ImportedModel m)
    {
        long n = 0;
        foreach (var v in m.InitialValues.Values)
        {
            n += v().Length;
        }
        return n;
    }

    /// <summary>
    /// One-shot measurement in this process: the first import and decode (cold: includes JIT and first file read),
    /// then <paramref name="repeats"/> warm ones; prints one JSON line. Memory figures are of the cold run:
    /// bytes allocated on the managed heap, and the process's peak working set minus its working set just before
    /// (after import, and after import and decoding). With <paramref name="warmup"/> (a small ONNX file) the
    /// importer's code is loaded and compiled first, so neither its JIT time nor its code counts.
    /// </summary>
    public static int OneShot(string path, int repeats, string? warmup)
    {
        using var process = Process.GetCurrentProcess();
        if (warmup is not null)
        {
            // loads and compiles the importer on a small model, so the figures below are the large file's own
            DecodeAll(OnnxImporter.Import(warmup));
        }
        var fileBytes = new FileInfo(path).Length;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        process.Refresh();
        var wsBefore = process.WorkingSet64;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var allocBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = process.UserProcessorTime + process.PrivilegedProcessorTime;
        var userBefore = process.UserProcessorTime;
        var sw = Stopwatch.StartNew();
        var model = OnnxImporter.Import(path);
        var importSeconds = sw.Elapsed.TotalSeconds;
        var importAlloc = GC.GetTotalAllocatedBytes(precise: true) - allocBefore;
        process.Refresh();
        var importPeak = process.PeakWorkingSet64 - wsBefore;
        var values = DecodeAll(model);
        var totalSeconds = sw.Elapsed.TotalSeconds;
        var totalAlloc = GC.GetTotalAllocatedBytes(precise: true) - allocBefore;
        process.Refresh();
        var user = (process.UserProcessorTime - userBefore).TotalSeconds;
        var cpu = (process.UserProcessorTime + process.PrivilegedProcessorTime - cpuBefore).TotalSeconds;
        var peak = process.PeakWorkingSet64 - wsBefore;
        var parameters = model.Graph.ParameterCount;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        GC.KeepAlive(model);
        model = null;
        var warmImport = double.MaxValue;
        var warmTotal = double.MaxValue;
        for (var r = 0; r < repeats; r++)
        {
            GC.Collect();
            sw.Restart();
            var m = OnnxImporter.Import(path);
            warmImport = Math.Min(warmImport, sw.Elapsed.TotalSeconds);
            DecodeAll(m);
            warmTotal = Math.Min(warmTotal, sw.Elapsed.TotalSeconds);
        }
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv,
            $"{{\"bench\":\"onnx-import\",\"file\":\"{Path.GetFileName(path)}\",\"file_bytes\":{fileBytes},\"parameters\":{parameters},\"decoded_values\":{values}," +
            $"\"cold_import_s\":{importSeconds:F3},\"cold_import_decode_s\":{totalSeconds:F3},\"cold_user_cpu_s\":{user:F3},\"cold_cpu_s\":{cpu:F3}," +
            $"\"import_alloc_bytes\":{importAlloc},\"import_decode_alloc_bytes\":{totalAlloc},\"import_peak_ws_growth_bytes\":{importPeak},\"import_peak_over_file\":{(double)importPeak / fileBytes:F2}," +
            $"\"import_decode_peak_ws_growth_bytes\":{peak},\"import_decode_peak_over_file\":{(double)peak / fileBytes:F2},\"retained_heap_bytes\":{retained},\"warmup\":{(warmup is null ? "null" : $"\"{Path.GetFileName(warmup)}\"")}," +
            $"\"warm_repeats\":{repeats},\"warm_import_min_s\":{(repeats > 0 ? warmImport.ToString("F3", inv) : "null")}," +
            $"\"warm_import_decode_min_s\":{(repeats > 0 ? warmTotal.ToString("F3", inv) : "null")},\"loadavg_1min\":{load}}}"));
        return 0;
    }
}
