using System.Globalization;
using System.Text;

namespace Sim.Vocabulary.IO;

/// <summary>
/// Reads whole input files with a size limit proportionate to their format. <see cref="File.ReadAllBytes"/>
/// trusts the file: pointed at <c>/dev/zero</c> or a FIFO fed forever it grows until the process dies. These
/// readers stop after <c>limit + 1</c> bytes and throw <see cref="InputTooLargeException"/> (one line, naming the
/// file and the limit), for regular files and endless streams alike.
/// </summary>
public static class BoundedFile
{
    /// <summary>Limit of a hand-written text file (scenario, hardware, sweep, energy table, SCALE-Sim cfg): 4 MiB.</summary>
    public const long TextLimit = 4L << 20;

    /// <summary>Limit of a table file (topology CSV, baseline CSV): 64 MiB.</summary>
    public const long TableLimit = 64L << 20;

    /// <summary>Limit of a machine-written report read back (report.json, point results): 512 MiB.</summary>
    public const long ReportLimit = 512L << 20;

    /// <summary>Limit of one binary data-set file (MNIST IDX 47 MB, CIFAR-100 train.bin 154 MB): 256 MiB.</summary>
    public const long DataLimit = 256L << 20;

    /// <summary>Reads at most <paramref name="limitBytes"/> bytes of <paramref name="path"/>.</summary>
    /// <exception cref="InputTooLargeException">The file (or stream) holds more.</exception>
    public static byte[] ReadAllBytes(string path, long limitBytes, string what)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limitBytes, Array.MaxLength - 1L);
        if (Directory.Exists(path))
        {
            // Opening a folder fails as "access denied" on Linux, which sends the user after permissions.
            throw new IOException(InputPath.IsDirectory);
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        long known = -1;
        try
        {
            known = stream.CanSeek ? stream.Length : -1;
        }
        catch (IOException)
        {
            // Devices may report no length: read and count instead.
        }
        if (known > limitBytes)
        {
            throw new InputTooLargeException(path, limitBytes, what);
        }
        var buffer = new byte[known > 0 ? known + 1 : Math.Min(limitBytes + 1, 1 << 16)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > limitBytes)
                {
                    throw new InputTooLargeException(path, limitBytes, what);
                }
                Array.Resize(ref buffer, (int)Math.Min(limitBytes + 1, Math.Max(2L * buffer.Length, 1 << 16)));
            }
            var n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0)
            {
                break;
            }
            total += n;
            if (total > limitBytes)
            {
                throw new InputTooLargeException(path, limitBytes, what);
            }
        }
        if (total != buffer.Length)
        {
            Array.Resize(ref buffer, total);
        }
        return buffer;
    }

    /// <summary>Reads UTF-8 text (a leading byte-order mark is dropped) of at most <paramref name="limitBytes"/> bytes.</summary>
    public static string ReadAllText(string path, long limitBytes, string what)
    {
        var bytes = ReadAllBytes(path, limitBytes, what);
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }
        return Encoding.UTF8.GetString(span);
    }

    /// <summary>Reads the lines of a text file of at most <paramref name="limitBytes"/> bytes (LF or CRLF).</summary>
    public static string[] ReadAllLines(string path, long limitBytes, string what)
    {
        var text = ReadAllText(path, limitBytes, what);
        var lines = new List<string>();
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return [.. lines];
    }

    /// <summary>A byte count as people read it: 4 MiB, 1 GiB, 512 bytes.</summary>
    public static string Describe(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        var value = (double)bytes;
        while (value >= 1024 && unit < units.Length - 1 && value % 1024 == 0)
        {
            value /= 1024;
            unit++;
        }
        return $"{value.ToString("0.##", CultureInfo.InvariantCulture)} {units[unit]}";
    }
}
