using System.Buffers;
using System.Text.Json;
using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Mapping.Traces;

/// <summary>
/// Writes a trace as JSON Lines: the header, one <see cref="Operation"/> per line (fields at their default
/// are omitted), and an end line with the operation count so a reader can tell a complete trace from a
/// truncated one. Streams: one line is buffered at a time. Output is byte-identical for identical input
/// (fixed field order, invariant number formatting).
/// </summary>
public sealed class TraceWriter : IDisposable
{
    private static readonly byte[] Newline = "\n"u8.ToArray();
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _json;
    private long _count;
    private bool _headerWritten;
    private bool _completed;

    public TraceWriter(Stream stream, TraceHeader header, bool leaveOpen = false)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = false, SkipValidation = false });
        WriteHeader(header);
    }

    /// <summary>Operations written so far.</summary>
    public long Count => _count;

    private void WriteHeader(TraceHeader h)
    {
        _json.WriteStartObject();
        _json.WriteString("format", TraceHeader.FormatName);
        _json.WriteNumber("version", h.Version);
        _json.WriteString("model", h.Model);
        _json.WriteString("method", h.Method);
        _json.WriteString("nm", h.Nm);
        _json.WriteNumber("batch", h.Batch);
        _json.WriteString("hardware_hash", h.HardwareHash);
        _json.WriteEndObject();
        Flush();
        _headerWritten = true;
    }

    public void Write(Operation op)
    {
        if (_completed || !_headerWritten)
        {
            throw new InvalidOperationException("trace already completed");
        }
        var j = _json;
        j.WriteStartObject();
        j.WriteNumber("id", op.Id);
        j.WriteString("kind", TraceNames.Kind(op.Kind));
        j.WriteString("layer", op.Layer);
        j.WriteString("stage", TraceNames.Stage(op.Stage));
        if (op.DependsOn.Count > 0)
        {
            j.WriteStartArray("deps");
            foreach (var d in op.DependsOn)
            {
                j.WriteNumberValue(d);
            }
            j.WriteEndArray();
        }
        if (op.Kind is OpKind.Load or OpKind.Store)
        {
            j.WriteString("buffer", TraceNames.Buffer(op.Buffer));
        }
        if (op.Bytes != 0)
        {
            j.WriteNumber("bytes", op.Bytes);
        }
        if (op.M != 0 || op.N != 0 || op.K != 0)
        {
            j.WriteNumber("m", op.M);
            j.WriteNumber("n", op.N);
            j.WriteNumber("k", op.K);
        }
        if (!op.Sparsity.IsDense)
        {
            j.WriteString("nm", op.Sparsity.ToString());
        }
        if (op.Kind == OpKind.Gemm)
        {
            j.WriteString("dataflow", TraceNames.Dataflow(op.Dataflow));
        }
        if (op.Accumulate)
        {
            j.WriteBoolean("acc", true);
        }
        if (op.VectorOp.Length > 0)
        {
            j.WriteString("vop", op.VectorOp);
        }
        if (op.Elements != 0)
        {
            j.WriteNumber("elements", op.Elements);
        }
        if (op.Groups != 0)
        {
            j.WriteNumber("groups", op.Groups);
        }
        j.WriteEndObject();
        Flush();
        _count++;
    }

    /// <summary>Writes every operation of a stream; returns how many.</summary>
    public long WriteAll(IEnumerable<Operation> ops)
    {
        foreach (var op in ops)
        {
            Write(op);
        }
        return _count;
    }

    /// <summary>Writes the end line; a trace without it reads as truncated.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }
        _json.WriteStartObject();
        _json.WriteBoolean("end", true);
        _json.WriteNumber("operations", _count);
        _json.WriteEndObject();
        Flush();
        _stream.Flush();
        _completed = true;
    }

    private void Flush()
    {
        _json.Flush();
        _stream.Write(_buffer.WrittenSpan);
        _stream.Write(Newline);
        _buffer.ResetWrittenCount();
        _json.Reset();
    }

    public void Dispose()
    {
        _json.Dispose();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }
}
