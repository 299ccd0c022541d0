using Sim.Components.Operations;

namespace Sim.Workloads.Traces;

/// <summary>The spellings of enum values in trace files (lower case, stable across renames of C# members).</summary>
internal static class TraceNames
{
    public static string Kind(OpKind k) => k switch
    {
        OpKind.Load => "load",
        OpKind.Store => "store",
        OpKind.Gemm => "gemm",
        OpKind.Vector => "vector",
        OpKind.SparseGen => "sparse_gen",
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    };

    public static string Stage(Stage s) => s switch
    {
        Components.Operations.Stage.FP => "fp",
        Components.Operations.Stage.BP => "bp",
        Components.Operations.Stage.WG => "wg",
        Components.Operations.Stage.WU => "wu",
        Components.Operations.Stage.Gen => "gen",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static string Buffer(BufferKind b) => b switch
    {
        BufferKind.Input => "input",
        BufferKind.Weight => "weight",
        BufferKind.Output => "output",
        BufferKind.Index => "index",
        _ => throw new ArgumentOutOfRangeException(nameof(b)),
    };

    public static string Dataflow(Dataflow d) => d switch
    {
        Components.Operations.Dataflow.OutputStationary => "os",
        Components.Operations.Dataflow.WeightStationary => "ws",
        Components.Operations.Dataflow.InputStationary => "is",
        _ => throw new ArgumentOutOfRangeException(nameof(d)),
    };

    public static OpKind? ParseKind(string s) => s switch
    {
        "load" => OpKind.Load,
        "store" => OpKind.Store,
        "gemm" => OpKind.Gemm,
        "vector" => OpKind.Vector,
        "sparse_gen" => OpKind.SparseGen,
        _ => null,
    };

    public static Stage? ParseStage(string s) => s switch
    {
        "fp" => Components.Operations.Stage.FP,
        "bp" => Components.Operations.Stage.BP,
        "wg" => Components.Operations.Stage.WG,
        "wu" => Components.Operations.Stage.WU,
        "gen" => Components.Operations.Stage.Gen,
        _ => null,
    };

    public static BufferKind? ParseBuffer(string s) => s switch
    {
        "input" => BufferKind.Input,
        "weight" => BufferKind.Weight,
        "output" => BufferKind.Output,
        "index" => BufferKind.Index,
        _ => null,
    };

    public static Dataflow? ParseDataflow(string s) => s switch
    {
        "os" => Components.Operations.Dataflow.OutputStationary,
        "ws" => Components.Operations.Dataflow.WeightStationary,
        "is" => Components.Operations.Dataflow.InputStationary,
        _ => null,
    };
}
