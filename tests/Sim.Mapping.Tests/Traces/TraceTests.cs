using System.Text;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;
using Sim.Mapping.Tiling;
using Sim.Mapping.Traces;

namespace Sim.Mapping.Tests.Traces;

public class TraceTests
{
    private static readonly TraceHeader Header = new("lenet5", "bdwp", "2:8", 2, HardwareHash.Of(HardwareConfig.Sat));

    private static List<Operation> Ops(string model = "resnet9") =>
        new IterationTiler(HardwareConfig.Sat).Tile(ModelZoo.Create(model), new LoweringOptions { Batch = 2, Method = TrainingMethod.Bdwp }).ToList();

    private static byte[] Write(IEnumerable<Operation> ops, bool complete = true)
    {
        using var ms = new MemoryStream();
        using (var w = new TraceWriter(ms, Header, leaveOpen: true))
        {
            w.WriteAll(ops);
            if (complete)
            {
                w.Complete();
            }
        }
        return ms.ToArray();
    }

    private static (TraceHeader, List<Operation>) Read(byte[] bytes)
    {
        using var r = new TraceReader(new MemoryStream(bytes), "t.jsonl");
        return (r.Header, r.Operations().ToList());
    }

    private static string Error(string text)
    {
        var e = Assert.Throws<TraceFormatException>(() => Read(Encoding.UTF8.GetBytes(text)));
        return e.Message;
    }

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    private const string Head = "{\"format\":\"satsim-trace\",\"version\":1,\"model\":\"m\",\"method\":\"dense\",\"nm\":\"dense\",\"batch\":1,\"hardware_hash\":\"h\"}";

    [Fact]
    public void RoundTripPreservesEveryFieldAndIsByteIdentical()
    {
        var ops = Ops();
        var bytes = Write(ops);
        var (header, back) = Read(bytes);
        Assert.Equal(Header, header);
        Assert.Equal(ops.Count, back.Count);
        for (var i = 0; i < ops.Count; i++)
        {
            var (a, b) = (ops[i], back[i]);
            Assert.Equal(a with { DependsOn = [] }, b with { DependsOn = [] });
            Assert.Equal(a.DependsOn, b.DependsOn);
        }
        Assert.Contains(back, o => o.Kind == OpKind.Gemm && !o.Sparsity.IsDense && o.Accumulate is false);
        Assert.Contains(back, o => o.Kind == OpKind.SparseGen && o.Groups > 0);
        // Writing what was read gives the same bytes; compiling again gives the same bytes (determinism).
        Assert.Equal(bytes, Write(back));
        Assert.Equal(bytes, Write(Ops()));
    }

    [Fact]
    public void TruncatedTraceNamesTheLine()
    {
        var bytes = Write(Ops("lenet5"), complete: false);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // No end line: the error names the line after the last one.
        var e = Assert.Throws<TraceFormatException>(() => Read(bytes));
        Assert.Equal(lines.Length + 1, e.Line);
        Assert.Contains("truncated", e.Message);
        // Cut in the middle of line 4: malformed JSON on line 4.
        var cut = string.Join("\n", lines.Take(3)) + "\n" + lines[3][..(lines[3].Length / 2)];
        var e2 = Assert.Throws<TraceFormatException>(() => Read(Encoding.UTF8.GetBytes(cut)));
        Assert.Equal(4, e2.Line);
        Assert.StartsWith("t.jsonl:4: malformed JSON", e2.Message);
    }

    [Fact]
    public void UnknownVersionAndFormatAreRejectedOnLineOne()
    {
        Assert.StartsWith("t.jsonl:1: unknown trace version 2", Error(Lines(Head.Replace("\"version\":1", "\"version\":2"), "{\"end\":true,\"operations\":0}")));
        Assert.Contains("not a SatSim trace", Error(Lines("{\"format\":\"other\",\"version\":1}")));
        Assert.StartsWith("t.jsonl:1: empty file", Error(""));
    }

    [Fact]
    public void MalformedLinesNameTheirLine()
    {
        const string load = "{\"id\":0,\"kind\":\"load\",\"layer\":\"a\",\"stage\":\"fp\",\"buffer\":\"input\",\"bytes\":64}";
        const string end1 = "{\"end\":true,\"operations\":1}";
        Assert.Single(Read(Encoding.UTF8.GetBytes(Lines(Head, load, end1))).Item2);
        Assert.StartsWith("t.jsonl:2: malformed JSON", Error(Lines(Head, "{\"id\":0,", end1)));
        // One line with the location once: the file:line prefix, not the parser's own "LineNumber: 0 | ...".
        var header = Error(Lines("# not json", end1));
        Assert.StartsWith("t.jsonl:1: malformed JSON in the header", header);
        Assert.DoesNotContain("LineNumber", header);
        Assert.StartsWith("t.jsonl:2: unknown field \"colour\"", Error(Lines(Head, load.Replace("\"bytes\"", "\"colour\""), end1)));
        Assert.StartsWith("t.jsonl:2: \"kind\" must be", Error(Lines(Head, load.Replace("load", "teleport"), end1)));
        Assert.StartsWith("t.jsonl:2: load lacks \"buffer\"", Error(Lines(Head, load.Replace(",\"buffer\":\"input\"", ""), end1)));
        Assert.StartsWith("t.jsonl:2: dependence 5 is not an earlier operation", Error(Lines(Head, load.Replace("\"bytes\"", "\"deps\":[5],\"bytes\""), end1)));
        Assert.StartsWith("t.jsonl:3: id 0 does not increase", Error(Lines(Head, load, load, "{\"end\":true,\"operations\":2}")));
        Assert.StartsWith("t.jsonl:3: end line declares 2 operations but the trace has 1", Error(Lines(Head, load, "{\"end\":true,\"operations\":2}")));
        Assert.StartsWith("t.jsonl:2: gemm needs", Error(Lines(Head, "{\"id\":0,\"kind\":\"gemm\",\"layer\":\"a\",\"stage\":\"fp\",\"m\":0,\"n\":1,\"k\":1}", end1)));
        Assert.StartsWith("t.jsonl:4: content after the end line", Error(Lines(Head, load, end1, load)));
    }

    [Fact]
    public void HardwareHashIdentifiesTheConfiguration()
    {
        var a = HardwareHash.Of(HardwareConfig.Sat);
        Assert.Equal(a, HardwareHash.Of(new HardwareConfig()));
        Assert.StartsWith("sha256:", a);
        Assert.Equal(7 + 64, a.Length);
        Assert.NotEqual(a, HardwareHash.Of(HardwareConfig.Sat with { ArrayRows = 64 }));
        Assert.NotEqual(a, HardwareHash.Of(HardwareConfig.Sat with { Optimizations = DataflowOptimizations.None }));
        // Dictionary insertion order does not matter.
        var reversed = HardwareConfig.Sat.Vector.Costs.Reverse().ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(a, HardwareHash.Of(HardwareConfig.Sat with { Vector = HardwareConfig.Sat.Vector with { Costs = reversed } }));
    }
}
