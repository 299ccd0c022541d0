namespace Sim.Training.Data;

/// <summary>
/// An image classification set held as bytes (CIFAR-10 train as floats would need 600 MB) with the
/// per-channel mean and standard deviation used to normalize each batch as it is assembled.
/// </summary>
public sealed class Dataset
{
    public Dataset(string name, byte[] pixels, int[] labels, int channels, int height, int width, int classes, float[] mean, float[] std)
    {
        var size = channels * height * width;
        if (pixels.Length != labels.Length * size)
        {
            throw new ArgumentException($"{name}: {pixels.Length} pixels do not match {labels.Length} images of {channels}x{height}x{width}");
        }
        if (mean.Length != channels || std.Length != channels)
        {
            throw new ArgumentException($"{name}: mean/std need {channels} values");
        }
        Name = name;
        Pixels = pixels;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        Classes = classes;
        Mean = mean;
        Std = std;
    }

    public string Name { get; }

    /// <summary>Images in NCHW order, one byte per value.</summary>
    public byte[] Pixels { get; }

    public int[] Labels { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int Classes { get; }
    public float[] Mean { get; }
    public float[] Std { get; }

    public int Count => Labels.Length;

    public int ImageSize => Channels * Height * Width;

    /// <summary>The first <paramref name="count"/> images (for quick runs).</summary>
    public Dataset Take(int count) => Slice(0, count);

    /// <summary>Images <paramref name="start"/> .. start+count-1 (clipped to the set).</summary>
    public Dataset Slice(int start, int count)
    {
        start = Math.Clamp(start, 0, Count);
        count = Math.Clamp(count, 0, Count - start);
        return new Dataset(Name, Pixels.AsSpan(start * ImageSize, count * ImageSize).ToArray(), Labels.AsSpan(start, count).ToArray(), Channels, Height, Width, Classes, Mean, Std);
    }
}
