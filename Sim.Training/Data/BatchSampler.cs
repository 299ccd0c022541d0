using Sim.Training.Tensors;

namespace Sim.Training.Data;

/// <summary>
/// Assembles normalized NCHW batches from a <see cref="Dataset"/>: a deterministic shuffle per epoch from
/// the seed, and optionally the standard CIFAR augmentation (random crop with 4-pixel zero padding and
/// horizontal flip), drawn from the same seeded stream so runs repeat bit for bit.
/// </summary>
public sealed class BatchSampler
{
    private readonly Dataset _data;
    private readonly int[] _order;

    public BatchSampler(Dataset data, int batchSize, bool shuffle, bool augment, Rng rng)
    {
        if (batchSize < 1)
        {
            throw new ArgumentException("batch size must be >= 1");
        }
        _data = data;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Augment = augment;
        Rng = rng;
        _order = Enumerable.Range(0, data.Count).ToArray();
    }

    public int BatchSize { get; }
    public bool Shuffle { get; }
    public bool Augment { get; }
    public Rng Rng { get; }

    public int BatchesPerEpoch => (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>Reorders the samples for a new epoch (no-op without shuffling).</summary>
    public void StartEpoch()
    {
        if (Shuffle)
        {
            for (var i = 0; i < _order.Length; i++)
            {
                _order[i] = i;
            }
            Rng.Shuffle(_order);
        }
    }

    /// <summary>The sample order of the current epoch.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>Fills batch <paramref name="index"/> of the epoch into <paramref name="x"/> and <paramref name="labels"/>; returns its size.</summary>
    public int Fill(int index, ref Tensor? x, ref int[] labels)
    {
        var start = index * BatchSize;
        var n = Math.Min(BatchSize, _data.Count - start);
        int c = _data.Channels, h = _data.Height, w = _data.Width;
        var t = Tensor.Ensure(ref x, n, c, h, w);
        if (labels.Length != n)
        {
            labels = new int[n];
        }
        var scale = new float[c];
        var shift = new float[c];
        for (var ch = 0; ch < c; ch++)
        {
            scale[ch] = 1f / (255f * _data.Std[ch]);
            shift[ch] = -_data.Mean[ch] / _data.Std[ch];
        }
        for (var i = 0; i < n; i++)
        {
            var s = _order[start + i];
            labels[i] = _data.Labels[s];
            var src = _data.Pixels.AsSpan(s * _data.ImageSize, _data.ImageSize);
            var dst = t.Span.Slice(i * _data.ImageSize, _data.ImageSize);
            int dy = 0, dx = 0;
            var flip = false;
            if (Augment)
            {
                dy = Rng.NextInt(9) - 4;
                dx = Rng.NextInt(9) - 4;
                flip = Rng.NextInt(2) == 1;
            }
            for (var ch = 0; ch < c; ch++)
            {
                for (var yy = 0; yy < h; yy++)
                {
                    var sy = yy + dy;
                    for (var xx = 0; xx < w; xx++)
                    {
                        var sx = (flip ? w - 1 - xx : xx) + dx;
                        // zero padding means a normalized value of (0 - mean) / std
                        var v = (uint)sy < (uint)h && (uint)sx < (uint)w ? src[(ch * h + sy) * w + sx] : (byte)0;
                        dst[(ch * h + yy) * w + xx] = v * scale[ch] + shift[ch];
                    }
                }
            }
        }
        return n;
    }
}
