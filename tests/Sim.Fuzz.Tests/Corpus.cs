using System.Text;
using Sim.Components.Config;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;
using Sim.Mapping.Tiling;
using Sim.Mapping.Traces;

namespace Sim.Fuzz.Tests;

/// <summary>Valid seed inputs of every format: files shipped in the repository and small generated ones.</summary>
internal static class Corpus
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SatSim.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("SatSim.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static readonly Lazy<string[]> Traces = new(() =>
    [
        Trace("mlp", TrainingMethod.Dense),
        Trace("lenet5", TrainingMethod.Bdwp),
    ]);

    private static string Trace(string model, TrainingMethod method)
    {
        var options = new LoweringOptions { Batch = 2, Method = method };
        var ops = new IterationTiler(HardwareConfig.Sat).Tile(ModelZoo.Create(model), options);
        using var stream = new MemoryStream();
        using (var writer = new TraceWriter(stream, new TraceHeader(model, method.Name(), options.EffectivePattern.ToString(), 2, HardwareHash.Of(HardwareConfig.Sat)), leaveOpen: true))
        {
            writer.WriteAll(ops);
            writer.Complete();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static readonly string[] Topologies =
    [
        "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
            + "Conv1, 224, 224, 7, 7, 3, 64, 2,\nConv2, 56, 56, 3, 3, 64, 64, 1,\nFC, 1, 1, 1, 1, 512, 1000, 1,\n",
        "Layer, M, N, K,\nQKV, 197, 576, 192,\nProj, 197, 192, 192,\n",
    ];

    public static readonly string[] ScaleSimConfigs =
    [
        """
        [general]
        run_name = fuzz

        [architecture_presets]
        ArrayHeight : 32
        ArrayWidth : 32
        IfmapSramSzkB : 64
        FilterSramSzkB : 64
        OfmapSramSzkB : 64
        IfmapOffset : 0
        FilterOffset : 10000000
        OfmapOffset : 20000000
        Dataflow : ws
        Bandwidth : 10

        [run_presets]
        InterfaceBandwidth : USER

        [network_presets]
        TopologyCsvLoc : "topology.csv"
        """,
    ];

    /// <summary>Small valid IDX files: images (rank 3) and labels (rank 1).</summary>
    public static readonly byte[][] Idx =
    [
        IdxBytes([3, 4, 4], 48),
        IdxBytes([5], 5),
    ];

    private static byte[] IdxBytes(int[] dims, int count)
    {
        var bytes = new List<byte> { 0, 0, 8, (byte)dims.Length };
        foreach (var d in dims)
        {
            bytes.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        }
        for (var i = 0; i < count; i++)
        {
            bytes.Add((byte)(i % 10));
        }
        return [.. bytes];
    }

    /// <summary>Two CIFAR-10 records (label byte + 3072 pixels).</summary>
    public static readonly byte[][] Cifar =
    [
        [.. Enumerable.Range(0, 2 * 3073).Select(i => (byte)(i % 3073 == 0 ? i / 3073 : i % 251))],
    ];
}
