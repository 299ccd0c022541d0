using System.Text;
using System.Text.Json;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Vocabulary.IO;

namespace Sim.Mapping.Traces;

/// <summary>
/// Reads a trace written by <see cref="TraceWriter"/>, one line at a time (memory stays flat). The header is
/// read and checked on construction; <see cref="Operations"/> then streams the operations and checks the
/// end line. Every problem is a <see cref="TraceFormatException"/> naming the file and 1-based line: an
/// unknown format or version, malformed JSON, a missing or wrongly typed field, ids that do not increase,
/// a dependence on a later operation, a missing end line (truncated) or a count that does not match.
/// </summary>
public sealed class TraceReader : IDisposable
{
    /// <summary>Longest line accepted (an operation line is a few hundred bytes; an endless line is not a trace).</summary>
    public const int MaxLineChars = 1 << 20;

    /// <summary>Most operations accepted in one trace (a VGG-16 ImageNet iteration lowers to about 10^6).</summary>
    public const long MaxOperations = 1L << 32;

    private readonly StreamReader _reader;
    private readonly string _file;
    private readonly char[] _chars = new char[1 << 16];
    private int _charStart;
    private int _charEnd;
    private readonly StringBuilder _pending = new();
    private bool _sawContent;
    private byte[] _bytes = new byte[1024];
    private int _line;
    private bool _started;

    public TraceReader(Stream stream, string file)
    {
        _reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        _file = file;
        Header = ReadHeader();
    }

    /// <summary>Opens a trace file.</summary>
    public static TraceReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), path);

    public TraceHeader Header { get; }

    /// <summary>1-based line of the last line read (after an operation is yielded: that operation's line).</summary>
    public int Line => _line;

    /// <summary>Largest "bytes", "elements" or "groups" of one operation (2^56): their sums over a layer stay 64-bit.</summary>
    public const long MaxCount = 1L << 56;

    /// <summary>Most multiply-accumulates of one GEMM line (2^62): MAC counts and their sums are 64-bit.</summary>
    public const double MaxGemmMacs = 1L << 62;

    private TraceFormatException Error(string problem) => new(_file, _line, problem);

    private string? NextLine()
    {
        string? line;
        try
        {
            line = ReadBoundedLine();
        }
        catch (DecoderFallbackException)
        {
            _line++;
            throw Error("not valid UTF-8");
        }
        if (line is not null)
        {
            _line++;
        }
        return line;
    }

    // StreamReader.ReadLine has no length limit: pointed at /dev/zero it would build one endless string.
    private string? ReadBoundedLine()
    {
        _pending.Clear();
        while (true)
        {
            if (_charStart == _charEnd)
            {
                _charStart = 0;
                _charEnd = _reader.Read(_chars, 0, _chars.Length);
                if (_charEnd == 0)
                {
                    var last = _sawContent ? Finish(_pending.ToString()) : null;
                    _sawContent = false;
                    return last;
                }
            }
            _sawContent = true;
            var span = _chars.AsSpan(_charStart, _charEnd - _charStart);
            var newline = span.IndexOf('\n');
            var take = newline < 0 ? span.Length : newline;
            if (_pending.Length + take > MaxLineChars)
            {
                _line++;
                throw Error($"line longer than {MaxLineChars} characters; not a SatSim trace");
            }
            _pending.Append(span[..take]);
            _charStart += newline < 0 ? take : take + 1;
            if (newline >= 0)
            {
                _sawContent = false;
                return Finish(_pending.ToString());
            }
        }

        static string Finish(string line) => line.EndsWith('\r') ? line[..^1] : line;
    }

    private Utf8JsonReader Json(string line)
    {
        var max = Encoding.UTF8.GetMaxByteCount(line.Length);
        if (_bytes.Length < max)
        {
            _bytes = new byte[Math.Max(max, _bytes.Length * 2)];
        }
        var n = Encoding.UTF8.GetBytes(line, _bytes);
        return new Utf8JsonReader(_bytes.AsSpan(0, n));
    }

    private TraceHeader ReadHeader()
    {
        var line = NextLine();
        if (line is null)
        {
            _line = 1;
            throw Error("empty file; expected the trace header line");
        }
        string? format = null, model = null, method = null, nm = null, hash = null;
        long? version = null, batch = null;
        try
        {
            var r = Json(line);
            Expect(ref r, JsonTokenType.StartObject, "a JSON object");
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                var name = r.GetString()!;
                Next(ref r);
                switch (name)
                {
                    case "format": format = Str(ref r, name); break;
                    case "version": version = Int(ref r, name); break;
                    case "model": model = Name(ref r, name); break;
                    case "method": method = Name(ref r, name); break;
                    case "nm": nm = Name(ref r, name); break;
                    case "batch": batch = Int(ref r, name); break;
                    case "hardware_hash": hash = Str(ref r, name); break;
                    default: r.Skip(); break; // newer writers may add header fields of the same version
                }
            }
            End(ref r);
        }
        catch (JsonException e)
        {
            throw Error($"malformed JSON in the header: {FirstLine(e.Message)}");
        }
        if (format != TraceHeader.FormatName)
        {
            throw Error($"not a SatSim trace: expected \"format\": \"{TraceHeader.FormatName}\" in the header");
        }
        if (version is null)
        {
            throw Error("header lacks \"version\"");
        }
        if (version != TraceHeader.CurrentVersion)
        {
            throw Error($"unknown trace version {version}; this SatSim reads version {TraceHeader.CurrentVersion}");
        }
        if (model is null || method is null || nm is null || batch is null || hash is null)
        {
            throw Error("header lacks one of \"model\", \"method\", \"nm\", \"batch\", \"hardware_hash\"");
        }
        if (method is not ("dense" or "srste" or "bdwp"))
        {
            throw Error($"\"method\" is {TextExcerpt.Quote(method)}; expected dense, srste or bdwp");
        }
        if (nm != "dense")
        {
            try
            {
                _ = NmPattern.Parse(nm);
            }
            catch (FormatException e)
            {
                throw Error($"\"nm\": {e.Message}");
            }
        }
        if (batch < 1 || batch > int.MaxValue)
        {
            throw Error($"\"batch\" is {batch}; expected an integer from 1 to {int.MaxValue}");
        }
        return new TraceHeader(model, method, nm, (int)batch, hash) { Version = (int)version };
    }

    /// <summary>Streams the operations; throws at the first problem. May be enumerated once.</summary>
    public IEnumerable<Operation> Operations()
    {
        if (_started)
        {
            throw new InvalidOperationException("a trace reader can be enumerated once");
        }
        _started = true;
        return Stream();
    }

    private IEnumerable<Operation> Stream()
    {
        long count = 0, lastId = -1;
        while (true)
        {
            var line = NextLine();
            if (line is null)
            {
                throw new TraceFormatException(_file, _line + 1, $"trace is truncated: it ends after {count} operations without its end line");
            }
            var (op, end) = ParseLine(line, lastId);
            if (end is long declared)
            {
                if (declared != count)
                {
                    throw Error($"end line declares {declared} operations but the trace has {count}");
                }
                if (NextLine() is string extra && extra.Length > 0)
                {
                    throw Error("content after the end line");
                }
                yield break;
            }
            count++;
            if (count > MaxOperations)
            {
                throw Error($"more than {MaxOperations} operations; not a trace of one training iteration");
            }
            lastId = op!.Id;
            yield return op;
        }
    }

    private (Operation? Op, long? End) ParseLine(string line, long lastId)
    {
        long? id = null, bytes = null, elements = null, groups = null, endCount = null;
        long m = 0, n = 0, k = 0;
        bool hasDims = false, acc = false, end = false;
        OpKind? kind = null;
        Stage? stage = null;
        BufferKind? buffer = null;
        Dataflow dataflow = Dataflow.OutputStationary;
        NmPattern sparsity = NmPattern.Dense;
        string? layer = null, vop = null;
        long[] deps = [];
        try
        {
            var r = Json(line);
            Expect(ref r, JsonTokenType.StartObject, "a JSON object per line");
            while (Next(ref r) == JsonTokenType.PropertyName)
            {
                var name = r.GetString()!;
                Next(ref r);
                switch (name)
                {
                    case "id": id = Int(ref r, name); break;
                    case "kind": kind = TraceNames.ParseKind(Str(ref r, name)) ?? throw Error("\"kind\" must be load, store, gemm, vector or sparse_gen"); break;
                    case "layer": layer = Name(ref r, name); break;
                    case "stage": stage = TraceNames.ParseStage(Str(ref r, name)) ?? throw Error("\"stage\" must be fp, bp, wg, wu or gen"); break;
                    case "deps": deps = Deps(ref r); break;
                    case "buffer": buffer = TraceNames.ParseBuffer(Str(ref r, name)) ?? throw Error("\"buffer\" must be input, weight, output or index"); break;
                    case "bytes": bytes = Int(ref r, name); break;
                    case "m": m = Int(ref r, name); hasDims = true; break;
                    case "n": n = Int(ref r, name); hasDims = true; break;
                    case "k": k = Int(ref r, name); hasDims = true; break;
                    case "nm":
                        try
                        {
                            sparsity = NmPattern.Parse(Str(ref r, name));
                        }
                        catch (FormatException e)
                        {
                            throw Error($"\"nm\": {e.Message}");
                        }
                        break;
                    case "dataflow": dataflow = TraceNames.ParseDataflow(Str(ref r, name)) ?? throw Error("\"dataflow\" must be os, ws or is"); break;
                    case "acc": acc = Bool(ref r, name); break;
                    case "vop": vop = Name(ref r, name); break;
                    case "elements": elements = Int(ref r, name); break;
                    case "groups": groups = Int(ref r, name); break;
                    case "end": end = Bool(ref r, name); break;
                    case "operations": endCount = Int(ref r, name); break;
                    default: throw Error($"unknown field \"{TextExcerpt.Escape(name)}\"");
                }
            }
            End(ref r);
        }
        catch (JsonException e)
        {
            throw Error($"malformed JSON: {FirstLine(e.Message)}");
        }
        if (end)
        {
            return (null, endCount ?? throw Error("end line lacks \"operations\""));
        }
        if (id is null || kind is null || layer is null || stage is null)
        {
            throw Error("operation lacks one of \"id\", \"kind\", \"layer\", \"stage\"");
        }
        if (id <= lastId)
        {
            throw Error($"id {id} does not increase (previous {lastId})");
        }
        foreach (var d in deps)
        {
            if (d < 0 || d >= id)
            {
                throw Error($"dependence {d} is not an earlier operation than {id}");
            }
        }
        if (bytes < 0 || elements < 0 || groups < 0)
        {
            throw Error("\"bytes\", \"elements\" and \"groups\" must be >= 0");
        }
        foreach (var (field, value) in new[] { ("bytes", bytes), ("elements", elements), ("groups", groups) })
        {
            if (value > MaxCount)
            {
                throw Error($"\"{field}\" is {value}; expected at most 2^56 ({MaxCount}) in one operation");
            }
        }
        if (kind is OpKind.Load or OpKind.Store && buffer is null)
        {
            throw Error($"{TraceNames.Kind(kind.Value)} lacks \"buffer\"");
        }
        if (kind == OpKind.Gemm && (!hasDims || m < 1 || n < 1 || k < 1 || m > int.MaxValue || n > int.MaxValue || k > int.MaxValue))
        {
            throw Error("gemm needs \"m\", \"n\", \"k\" between 1 and 2^31-1");
        }
        if (kind == OpKind.Gemm && (double)m * n * k > MaxGemmMacs)
        {
            throw Error($"gemm \"m\" x \"n\" x \"k\" = {m} x {n} x {k} is {((double)m * n * k).ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} multiply-accumulates; expected at most 2^62 in one tile");
        }
        if (kind == OpKind.Vector && (vop is null || elements is null))
        {
            throw Error("vector lacks \"vop\" or \"elements\"");
        }
        if (kind == OpKind.SparseGen && (groups is null || sparsity.IsDense))
        {
            throw Error("sparse_gen lacks \"groups\" or a sparse \"nm\"");
        }
        return (new Operation
        {
            Id = id.Value,
            Kind = kind.Value,
            Layer = layer,
            Stage = stage.Value,
            DependsOn = deps,
            Buffer = buffer ?? default,
            Bytes = bytes ?? 0,
            M = (int)m,
            N = (int)n,
            K = (int)k,
            Sparsity = sparsity,
            Dataflow = dataflow,
            Accumulate = acc,
            VectorOp = vop ?? "",
            Elements = elements ?? 0,
            Groups = groups ?? 0,
        }, null);
    }

    private long[] Deps(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartArray)
        {
            throw Error("\"deps\" must be an array of operation ids");
        }
        var list = new List<long>(4);
        while (Next(ref r) != JsonTokenType.EndArray)
        {
            list.Add(Int(ref r, "deps"));
        }
        return list.ToArray();
    }

    private static JsonTokenType Next(ref Utf8JsonReader r)
    {
        if (!r.Read())
        {
            throw new JsonException("unexpected end of line");
        }
        return r.TokenType;
    }

    private void Expect(ref Utf8JsonReader r, JsonTokenType type, string what)
    {
        if (Next(ref r) != type)
        {
            throw Error($"expected {what}");
        }
    }

    private void End(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.EndObject)
        {
            throw Error("expected the end of the object");
        }
        if (r.Read())
        {
            throw Error("more than one JSON value on the line");
        }
    }

    /// <summary>A name the reports and the console will show: no control characters (a terminal escape in a layer name reached layers.csv).</summary>
    private string Name(ref Utf8JsonReader r, string name)
    {
        var text = Str(ref r, name);
        if (text.Any(char.IsControl))
        {
            throw Error($"\"{name}\" is {TextExcerpt.Quote(text)}; expected a name without control characters");
        }
        return text;
    }

    private string Str(ref Utf8JsonReader r, string name) =>
        r.TokenType == JsonTokenType.String ? r.GetString()! : throw Error($"\"{name}\" must be a string");

    private long Int(ref Utf8JsonReader r, string name) =>
        r.TokenType == JsonTokenType.Number && r.TryGetInt64(out var v) ? v : throw Error($"\"{name}\" must be an integer");

    private bool Bool(ref Utf8JsonReader r, string name) => r.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Error($"\"{name}\" must be true or false"),
    };

    // The parser's first sentence, without its own " LineNumber: 0 | BytePositionInLine: 0." (the file:line prefix says where).
    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? message : message[..end];
        var position = line.IndexOf(" LineNumber:", StringComparison.Ordinal);
        // The parser quotes the offending text: keep it short and escaped.
        return TextExcerpt.Escape(position < 0 ? line : line[..position], 160);
    }

    public void Dispose() => _reader.Dispose();
}
