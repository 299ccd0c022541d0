using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Tests.Accelerator;

/// <summary>Small builders for hand-made operation streams.</summary>
internal static class Ops
{
    public static Operation Load(long id, BufferKind buffer, long bytes, string layer = "L", Stage stage = Stage.FP, params long[] deps)
        => new() { Id = id, Kind = OpKind.Load, Layer = layer, Stage = stage, Buffer = buffer, Bytes = bytes, DependsOn = deps };

    public static Operation Store(long id, long bytes, string layer = "L", Stage stage = Stage.FP, params long[] deps)
        => new() { Id = id, Kind = OpKind.Store, Layer = layer, Stage = stage, Buffer = BufferKind.Output, Bytes = bytes, DependsOn = deps };

    public static Operation Gemm(long id, int m, int n, int k, Dataflow df = Dataflow.OutputStationary, NmPattern? nm = null,
        string layer = "L", Stage stage = Stage.FP, bool accumulate = false, params long[] deps)
        => new()
        {
            Id = id, Kind = OpKind.Gemm, Layer = layer, Stage = stage, M = m, N = n, K = k, Dataflow = df,
            Sparsity = nm ?? NmPattern.Dense, Accumulate = accumulate, DependsOn = deps,
        };

    public static Operation Vector(long id, string kind, long elements, string layer = "L", Stage stage = Stage.FP, params long[] deps)
        => new() { Id = id, Kind = OpKind.Vector, Layer = layer, Stage = stage, VectorOp = kind, Elements = elements, DependsOn = deps };

    public static Operation SparseGen(long id, long groups, NmPattern nm, string layer = "L", params long[] deps)
        => new() { Id = id, Kind = OpKind.SparseGen, Layer = layer, Stage = Stage.Gen, Groups = groups, Sparsity = nm, DependsOn = deps };
}
