using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Mapping.Traces;

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
        Vocabulary.Stage.FP => "fp",
        Vocabulary.Stage.BP => "bp",
        Vocabulary.Stage.WG => "wg",
        Vocabulary.Stage.WU => "wu",
        Vocabulary.Stage.Gen => "gen",
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
        "fp" => Vocabulary.Stage.FP,
        "bp" => Vocabulary.Stage.BP,
        "wg" => Vocabulary.Stage.WG,
        "wu" => Vocabulary.Stage.WU,
        "gen" => Vocabulary.Stage.Gen,
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
