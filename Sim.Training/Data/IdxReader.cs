using Sim.Vocabulary.IO;
namespace Sim.Training.Data;

/// <summary>
/// Reader of the IDX format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian magic
/// 0x0000 08 0D (type 0x08 = unsigned byte, D = number of dimensions), D big-endian int32 sizes, then the
/// bytes. Every defect becomes a one-line <see cref="DataFormatException"/> naming the file.
/// </summary>
public static class IdxReader
{
    /// <summary>Reads an unsigned-byte IDX file with <paramref name="rank"/> dimensions; returns sizes and data.</summary>
    public static (int[] Dims, byte[] Data) Read(string path, int rank)
    {
        byte[] bytes;
        try
        {
            bytes = BoundedFile.ReadAllBytes(path, BoundedFile.DataLimit, "an IDX data file");
        }
        catch (InputTooLargeException e)
        {
            throw new DataFormatException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException($"{path}: cannot read ({e.Message})");
        }
        return Parse(path, bytes, rank);
    }

    public static (int[] Dims, byte[] Data) Parse(string path, byte[] bytes, int rank)
    {
        if (bytes.Length < 4 + 4 * rank)
        {
            throw new DataFormatException($"{path}: truncated header ({bytes.Length} bytes; an IDX file of rank {rank} needs {4 + 4 * rank})");
        }
        if (bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08 || bytes[3] != rank)
        {
            throw new DataFormatException($"{path}: wrong magic 0x{bytes[0]:X2}{bytes[1]:X2}{bytes[2]:X2}{bytes[3]:X2}; expected 0x000008{rank:X2} (unsigned-byte IDX of rank {rank})");
        }
        var dims = new int[rank];
        long count = 1;
        for (var i = 0; i < rank; i++)
        {
            var o = 4 + 4 * i;
            // The format's sizes are unsigned 32-bit: show what the file says (4294967295, not -1).
            var size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(o, 4));
            if (size == 0 || size > int.MaxValue)
            {
                throw new DataFormatException($"{path}: dimension {i} is {size}; expected a positive size up to {int.MaxValue}");
            }
            dims[i] = (int)size;
            // Sizes come from the file: the product must not wrap (three int32 sizes can exceed 64 bits).
            count = count > long.MaxValue / dims[i] ? long.MaxValue : count * dims[i];
        }
        var header = 4 + 4 * rank;
        if (bytes.Length - header != count)
        {
            throw new DataFormatException($"{path}: {(bytes.Length - header < count ? "truncated" : "trailing bytes")}: header promises {(count == long.MaxValue ? "more than 2^63" : count.ToString(System.Globalization.CultureInfo.InvariantCulture))} values ({string.Join("x", dims)}), file holds {bytes.Length - header}");
        }
        return (dims, bytes.AsSpan(header).ToArray());
    }

    /// <summary>Writes an unsigned-byte IDX file (temp file, then move).</summary>
    public static void Write(string path, int[] dims, byte[] data)
    {
        var header = new byte[4 + 4 * dims.Length];
        header[2] = 0x08;
        header[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++)
        {
            header[4 + 4 * i] = (byte)(dims[i] >> 24);
            header[5 + 4 * i] = (byte)(dims[i] >> 16);
            header[6 + 4 * i] = (byte)(dims[i] >> 8);
            header[7 + 4 * i] = (byte)dims[i];
        }
        AtomicFile.Write(path, f =>
        {
            f.Write(header);
            f.Write(data);
        });
    }
}
