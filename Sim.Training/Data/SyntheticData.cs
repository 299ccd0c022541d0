using Sim.Training.Tensors;

namespace Sim.Training.Data;

/// <summary>
/// A learnable synthetic image set for tests and smoke runs: each class has a random blocky prototype
/// (a 4 x 4 grid of random intensities scaled up to the image) and samples are the prototype plus
/// uniform noise, so a small network separates them well above chance within a few iterations.
/// </summary>
public static class SyntheticData
{
    public static Dataset Create(string name, int count, int channels, int size, int classes, ulong seed, int noise = 60)
    {
        var rng = new Rng(seed);
        var image = channels * size * size;
        var prototypes = new byte[classes * image];
        const int grid = 4;
        var cells = new byte[classes * channels * grid * grid];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = (byte)rng.NextInt(256);
        }
        for (var k = 0; k < classes; k++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var y = 0; y < size; y++)
                {
                    for (var x = 0; x < size; x++)
                    {
                        prototypes[((k * channels + c) * size + y) * size + x] = cells[((k * channels + c) * grid + y * grid / size) * grid + x * grid / size];
                    }
                }
            }
        }
        var pixels = new byte[count * image];
        var labels = new int[count];
        for (var s = 0; s < count; s++)
        {
            var label = rng.NextInt(classes);
            labels[s] = label;
            for (var i = 0; i < image; i++)
            {
                var v = prototypes[label * image + i] + rng.NextInt(2 * noise + 1) - noise;
                pixels[s * image + i] = (byte)Math.Clamp(v, 0, 255);
            }
        }
        var mean = Enumerable.Repeat(0.5f, channels).ToArray();
        var std = Enumerable.Repeat(0.3f, channels).ToArray();
        return new Dataset(name, pixels, labels, channels, size, size, classes, mean, std);
    }
}
