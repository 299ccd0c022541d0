using Sim.Vocabulary.IO;
namespace Sim.Training.Data;

/// <summary>
/// Reader of the CIFAR-10/100 binary versions (Krizhevsky 2009): fixed records of label byte(s) (1 for
/// CIFAR-10; coarse then fine for CIFAR-100) followed by 3072 pixel bytes (1024 R, 1024 G, 1024 B).
/// </summary>
public static class CifarReader
{
    public const int ImageBytes = 3 * 32 * 32;

    /// <summary>Returns NCHW pixels and the (fine) labels; one-line <see cref="DataFormatException"/> on defects.</summary>
    public static (byte[] Pixels, int[] Labels) Read(string path, int labelBytes, int classes)
    {
        byte[] bytes;
        try
        {
            bytes = BoundedFile.ReadAllBytes(path, BoundedFile.DataLimit, "a CIFAR binary batch");
        }
        catch (InputTooLargeException e)
        {
            throw new DataFormatException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException($"{path}: cannot read ({e.Message})");
        }
        var record = labelBytes + ImageBytes;
        if (bytes.Length == 0 || bytes.Length % record != 0)
        {
            throw new DataFormatException($"{path}: {bytes.Length} bytes is not a whole number of {record}-byte CIFAR records (truncated or not a CIFAR binary file)");
        }
        var n = bytes.Length / record;
        var pixels = new byte[n * ImageBytes];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var label = bytes[i * record + labelBytes - 1];
            if (label >= classes)
            {
                throw new DataFormatException($"{path}: record {i} has label {label}; expected 0..{classes - 1}");
            }
            labels[i] = label;
            Buffer.BlockCopy(bytes, i * record + labelBytes, pixels, i * ImageBytes, ImageBytes);
        }
        return (pixels, labels);
    }
}
