using Sim.Training.Data;
using Sim.Training.Tensors;

namespace Sim.Onnx.Tests;

/// <summary>
/// A synthetic image set whose classes differ in local texture, not in position: per class a random 4 x 4 tile of
/// intensities repeated over the image at a random offset per sample, plus uniform noise. Networks that pool globally
/// before classifying (fire modules, residual and depthwise nets) cannot read the position-coded prototypes of
/// <see cref="SyntheticData"/> (PyTorch stays at chance on them too) but learn these like the flattening ones.
/// Fixtures/train_reference.py ports it (same generator, same draws) to train PyTorch on identical data.
/// </summary>
internal static class TextureData
{
    public static Dataset Create(int count, int size, int classes, ulong seed, int period = 4, int noise = 40)
    {
        var rng = new Rng(seed);
        var tiles = new int[classes * period * period];
        for (var i = 0; i < tiles.Length; i++)
        {
            tiles[i] = rng.NextInt(256);
        }
        var pixels = new byte[count * size * size];
        var labels = new int[count];
        for (var s = 0; s < count; s++)
        {
            var label = rng.NextInt(classes);
            var dy = rng.NextInt(period);
            var dx = rng.NextInt(period);
            labels[s] = label;
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var v = tiles[(label * period + (y + dy) % period) * period + (x + dx) % period] + rng.NextInt(2 * noise + 1) - noise;
                    pixels[(s * size + y) * size + x] = (byte)Math.Clamp(v, 0, 255);
                }
            }
        }
        return new Dataset("textures", pixels, labels, 1, size, size, classes, [0.5f], [0.3f]);
    }
}
