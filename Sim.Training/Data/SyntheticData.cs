using Sim.Training.Tensors;

namespace Sim.Training.Data;

/// <summary>
/// A learnable synthetic image set for tests and smoke runs: each class has a random prototype image and
/// samples are the prototype plus noise, so a small network must separate them well above chance.
/// </summary>
public static class SyntheticData
{
    public static Dataset Create(string name, int count, int channels, int size, int classes, ulong seed, int noise = 60)
    {
        var rng = new Rng(seed);
        var image = channels * size * size;
        var prototypes = new byte[classes * image];
        for (var i = 0; i < prototypes.Length; i++)
        {
            prototypes[i] = (byte)rng.NextInt(256);
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
