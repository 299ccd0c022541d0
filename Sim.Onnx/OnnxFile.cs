using Sim.Vocabulary.IO;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Sim.Onnx.Proto;

namespace Sim.Onnx;

/// <summary>
/// Reads an ONNX model file with the generated protobuf types (Proto/onnx_subset.proto) and decodes its
/// tensors: inline (raw_data or the typed fields) or in external data files next to the model. Checks every
/// size it is given before trusting it: a tensor's data must have exactly the bytes its dimensions and type
/// need, and an external range must lie inside its file.
/// </summary>
internal sealed class OnnxFile
{
    /// <summary>Largest model file accepted (protobuf's own message limit is 2 GiB).</summary>
    public const long MaxFileBytes = int.MaxValue;

    private OnnxFile(string path, ModelProto model)
    {
        Path = path;
        Directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        Model = model;
    }

    public string Path { get; }

    public string Directory { get; }

    public ModelProto Model { get; }

    public static OnnxFile Load(string path)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new OnnxImportException($"{path}: no such file");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new OnnxImportException($"{path}: cannot read the file ({e.Message})");
        }
        if (info.Length == 0)
        {
            throw new OnnxImportException($"{path}: the file is empty; expected an ONNX model");
        }
        if (info.Length > MaxFileBytes)
        {
            throw new OnnxImportException($"{path}: the file has {info.Length} bytes; an ONNX protobuf holds at most {MaxFileBytes} (store large weights as external data)");
        }
        ModelProto model;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxImportException($"{path}: not a valid ONNX protobuf, truncated or malformed ({e.Message})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OnnxImportException($"{path}: cannot read the file ({e.Message})");
        }
        if (model.Graph is null || (model.Graph.Node.Count == 0 && model.Graph.Input.Count == 0))
        {
            throw new OnnxImportException($"{path}: the file parses but holds no graph; expected an ONNX model");
        }
        return new OnnxFile(path, model);
    }

    /// <summary>Bytes per element of the data types SatSim decodes; 0 for the others.</summary>
    public static int ElementBytes(int dataType) => (TensorProto.Types.DataType)dataType switch
    {
        TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Int32 => 4,
        TensorProto.Types.DataType.Int64 or TensorProto.Types.DataType.Double => 8,
        TensorProto.Types.DataType.Float16 or TensorProto.Types.DataType.Bfloat16 => 2,
        TensorProto.Types.DataType.Bool or TensorProto.Types.DataType.Uint8 or TensorProto.Types.DataType.Int8 => 1,
        _ => 0,
    };

    public static bool IsFloat(int dataType) => (TensorProto.Types.DataType)dataType is TensorProto.Types.DataType.Float
        or TensorProto.Types.DataType.Double or TensorProto.Types.DataType.Float16 or TensorProto.Types.DataType.Bfloat16;

    /// <summary>
    /// Checks a tensor's dimensions and the size of its data and returns it as a constant (floats decoded lazily).
    /// <paramref name="what"/> names it in errors ("initializer 'conv1.weight'").
    /// </summary>
    public ConstTensor Decode(TensorProto t, string what)
    {
        var dims = t.Dims.ToArray();
        if (dims.Any(d => d < 0))
        {
            throw new OnnxImportException($"{Path}: {what}: dimensions [{string.Join(",", dims)}] include a negative size");
        }
        long count;
        try
        {
            count = ConstTensor.Count(dims);
        }
        catch (OverflowException)
        {
            throw new OnnxImportException($"{Path}: {what}: dimensions [{string.Join(",", dims)}] overflow 64 bits");
        }
        var size = ElementBytes(t.DataType);
        if (size == 0)
        {
            throw new OnnxImportException($"{Path}: {what}: data type {(TensorProto.Types.DataType)t.DataType} is not supported; expected FLOAT, FLOAT16, BFLOAT16, DOUBLE, INT64, INT32, INT8, UINT8 or BOOL");
        }
        if (count > int.MaxValue / 8)
        {
            throw new OnnxImportException($"{Path}: {what}: {count} elements is more than SatSim handles in one tensor ({int.MaxValue / 8})");
        }
        var bytes = count * size;
        Func<ReadOnlyMemory<byte>>? raw = null;
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
        {
            raw = External(t, what, bytes);
        }
        else if (!t.RawData.IsEmpty || count == 0)
        {
            if (t.RawData.Length != bytes)
            {
                throw new OnnxImportException($"{Path}: {what}: raw data has {t.RawData.Length} bytes; dimensions [{string.Join(",", dims)}] of {(TensorProto.Types.DataType)t.DataType} need {bytes}");
            }
            var data = t.RawData;
            raw = () => data.Memory;
        }
        else
        {
            var typed = (TensorProto.Types.DataType)t.DataType switch
            {
                TensorProto.Types.DataType.Float => t.FloatData.Count,
                TensorProto.Types.DataType.Int64 => t.Int64Data.Count,
                TensorProto.Types.DataType.Double => t.DoubleData.Count,
                _ => t.Int32Data.Count,
            };
            if (typed != count)
            {
                throw new OnnxImportException($"{Path}: {what}: holds {typed} values; dimensions [{string.Join(",", dims)}] need {count}");
            }
        }
        var type = (TensorProto.Types.DataType)t.DataType;
        if (IsFloat(t.DataType))
        {
            return ConstTensor.OfFloats(dims, () => DecodeFloats(t, type, (int)count, raw), t.Name);
        }
        return ConstTensor.OfInts(dims, DecodeInts(t, type, (int)count, raw));
    }

    private Func<ReadOnlyMemory<byte>> External(TensorProto t, string what, long bytes)
    {
        string? location = null;
        long offset = 0, length = -1;
        foreach (var e in t.ExternalData)
        {
            switch (e.Key)
            {
                case "location":
                    location = e.Value;
                    break;
                case "offset" when !long.TryParse(e.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset):
                case "length" when !long.TryParse(e.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length):
                    throw new OnnxImportException($"{Path}: {what}: external data {e.Key} {TextExcerpt.Quote(e.Value)} is not a non-negative integer");
            }
        }
        if (string.IsNullOrEmpty(location))
        {
            throw new OnnxImportException($"{Path}: {what}: external data without a 'location'");
        }
        if (location.Any(c => char.IsControl(c)) || location.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
        {
            throw new OnnxImportException($"{Path}: {what}: external data location {TextExcerpt.Quote(location)} is not a file name (control or invalid characters)");
        }
        if (System.IO.Path.IsPathRooted(location))
        {
            throw new OnnxImportException($"{Path}: {what}: external data location {TextExcerpt.Quote(location)} must be relative to the model's folder");
        }
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, location));
        var root = Directory.EndsWith(System.IO.Path.DirectorySeparatorChar) ? Directory : Directory + System.IO.Path.DirectorySeparatorChar;
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            throw new OnnxImportException($"{Path}: {what}: external data location {TextExcerpt.Quote(location)} leaves the model's folder");
        }
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw new OnnxImportException($"{Path}: {what}: external data file {TextExcerpt.Quote(location)} not found next to the model");
        }
        // the same check on the real paths: a symbolic link (the file's or a folder's on the way) may not lead out either
        string real, realRoot;
        try
        {
            real = RealPath(full);
            realRoot = RealPath(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OnnxImportException($"{Path}: {what}: cannot resolve external data location {TextExcerpt.Quote(location)} ({e.Message})");
        }
        if (!real.StartsWith(realRoot.EndsWith(System.IO.Path.DirectorySeparatorChar) ? realRoot : realRoot + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new OnnxImportException($"{Path}: {what}: external data location {TextExcerpt.Quote(location)} is a symbolic link (or lies under one) that leaves the model's folder");
        }
        info = new FileInfo(real);
        if (length < 0)
        {
            length = bytes;
        }
        if (length != bytes)
        {
            throw new OnnxImportException($"{Path}: {what}: external data length {length} differs from the {bytes} bytes its dimensions need");
        }
        if (offset > info.Length || length > info.Length - offset)
        {
            throw new OnnxImportException($"{Path}: {what}: external data bytes {offset}..{offset + length} lie beyond the end of {TextExcerpt.Quote(location)} ({info.Length} bytes)");
        }
        var path = Path;
        return () =>
        {
            try
            {
                var buffer = new byte[length];
                using var f = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.Read);
                f.Position = offset;
                f.ReadExactly(buffer);
                return buffer;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OnnxImportException($"{path}: {what}: cannot read external data {TextExcerpt.Quote(location)} ({e.Message})");
            }
        };
    }

    /// <summary>Most symbolic links followed in one path before giving up (Linux's own limit is 40).</summary>
    private const int MaxLinkHops = 40;

    /// <summary>
    /// The absolute path with every symbolic link on it resolved, component by component from the root (as POSIX
    /// realpath does), so a ".." after a link means the link target's parent.
    /// </summary>
    internal static string RealPath(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var current = System.IO.Path.GetPathRoot(full) ?? "/";
        var pending = new LinkedList<string>(Components(full[current.Length..]));
        var hops = 0;
        while (pending.First is { } first)
        {
            var part = first.Value;
            pending.RemoveFirst();
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                current = System.IO.Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = System.IO.Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++hops > MaxLinkHops)
            {
                throw new IOException($"more than {MaxLinkHops} symbolic links in {path}");
            }
            if (System.IO.Path.IsPathRooted(target))
            {
                current = System.IO.Path.GetPathRoot(target) ?? current;
                target = target[current.Length..];
            }
            foreach (var c in Components(target).Reverse())
            {
                pending.AddFirst(c);
            }
        }
        return current;
    }

    private static string[] Components(string relative) =>
        relative.Split([System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    private static ReadOnlyMemory<float> DecodeFloats(TensorProto t, TensorProto.Types.DataType type, int count, Func<ReadOnlyMemory<byte>>? raw)
    {
        if (raw is not null && type == TensorProto.Types.DataType.Float && BitConverter.IsLittleEndian)
        {
            // ONNX raw data is little-endian IEEE 754: the floats are the parsed bytes themselves, seen as floats
            // (no copy, no per-value decode), so decoding allocates nothing and the weights are held once
            return new FloatView(raw()[..(4 * count)]).Memory;
        }
        var result = new float[count];
        if (raw is null)
        {
            switch (type)
            {
                case TensorProto.Types.DataType.Float:
                    t.FloatData.CopyTo(result, 0);
                    break;
                case TensorProto.Types.DataType.Double:
                    for (var i = 0; i < count; i++)
                    {
                        result[i] = (float)t.DoubleData[i];
                    }
                    break;
                default: // float16 / bfloat16 bit patterns in int32_data
                    for (var i = 0; i < count; i++)
                    {
                        result[i] = Half16((ushort)t.Int32Data[i], type);
                    }
                    break;
            }
            return result;
        }
        var span = raw().Span;
        switch (type)
        {
            case TensorProto.Types.DataType.Float: // big-endian machines
                for (var i = 0; i < count; i++)
                {
                    result[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]);
                }
                break;
            case TensorProto.Types.DataType.Double:
                for (var i = 0; i < count; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(span[(8 * i)..]);
                }
                break;
            default:
                for (var i = 0; i < count; i++)
                {
                    result[i] = Half16(BinaryPrimitives.ReadUInt16LittleEndian(span[(2 * i)..]), type);
                }
                break;
        }
        return result;
    }

    private static float Half16(ushort bits, TensorProto.Types.DataType type) =>
        type == TensorProto.Types.DataType.Bfloat16 ? BitConverter.Int32BitsToSingle(bits << 16) : (float)BitConverter.UInt16BitsToHalf(bits);

    private static long[] DecodeInts(TensorProto t, TensorProto.Types.DataType type, int count, Func<ReadOnlyMemory<byte>>? raw)
    {
        var result = new long[count];
        if (raw is null)
        {
            for (var i = 0; i < count; i++)
            {
                result[i] = type == TensorProto.Types.DataType.Int64 ? t.Int64Data[i] : t.Int32Data[i];
            }
            return result;
        }
        var span = raw().Span;
        for (var i = 0; i < count; i++)
        {
            result[i] = type switch
            {
                TensorProto.Types.DataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(span[(8 * i)..]),
                TensorProto.Types.DataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(span[(4 * i)..]),
                TensorProto.Types.DataType.Int8 => (sbyte)span[i],
                _ => span[i],
            };
        }
        return result;
    }
}
