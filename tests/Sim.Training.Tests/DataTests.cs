using Sim.Training.Data;
using Sim.Training.Tensors;

namespace Sim.Training.Tests;

public sealed class DataTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "satsim-data-tests-" + Guid.NewGuid().ToString("N"));

    public DataTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void WriteMnist(string dir, int train, int test)
    {
        Directory.CreateDirectory(dir);
        var rng = new Rng(3);
        foreach (var (prefix, n) in new[] { ("train", train), ("t10k", test) })
        {
            var px = new byte[n * 28 * 28];
            for (var i = 0; i < px.Length; i++) px[i] = (byte)rng.NextInt(256);
            var lab = Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray();
            IdxReader.Write(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), [n, 28, 28], px);
            IdxReader.Write(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte"), [n], lab);
        }
    }

    [Fact]
    public void Loads_idx_files_written_by_hand()
    {
        WriteMnist(Path.Combine(_dir, "mnist"), 30, 12);
        var (train, test) = DatasetLoader.Load("mnist", _dir);
        Assert.Equal(30, train.Count);
        Assert.Equal(12, test.Count);
        Assert.Equal(7, train.Labels[17]);
        Assert.Equal((1, 28, 28), (train.Channels, train.Height, train.Width));
        // header bytes by hand: magic 00 00 08 03, then 30 = 0x1E
        var raw = File.ReadAllBytes(Path.Combine(_dir, "mnist", "train-images-idx3-ubyte"));
        Assert.Equal(new byte[] { 0, 0, 8, 3, 0, 0, 0, 0x1E, 0, 0, 0, 28, 0, 0, 0, 28 }, raw[..16]);
    }

    [Fact]
    public void Wrong_magic_truncated_and_trailing_files_give_one_line_errors_naming_the_file()
    {
        var dir = Path.Combine(_dir, "mnist");
        WriteMnist(dir, 10, 10);
        var path = Path.Combine(dir, "train-images-idx3-ubyte");
        var good = File.ReadAllBytes(path);

        var bad = (byte[])good.Clone();
        bad[3] = 1;
        File.WriteAllBytes(path, bad);
        var e = Assert.Throws<DataFormatException>(() => DatasetLoader.Load("mnist", _dir));
        Assert.Contains(path, e.Message);
        Assert.Contains("wrong magic 0x00000801", e.Message);
        Assert.DoesNotContain('\n', e.Message);

        File.WriteAllBytes(path, good[..^5]);
        e = Assert.Throws<DataFormatException>(() => DatasetLoader.Load("mnist", _dir));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("7840 values", e.Message);

        File.WriteAllBytes(path, good[..10]);
        Assert.Contains("truncated header", Assert.Throws<DataFormatException>(() => DatasetLoader.Load("mnist", _dir)).Message);

        File.WriteAllBytes(path, [.. good, 1, 2]);
        Assert.Contains("trailing bytes", Assert.Throws<DataFormatException>(() => DatasetLoader.Load("mnist", _dir)).Message);
    }

    [Fact]
    public void Label_out_of_range_and_count_mismatch_are_reported()
    {
        var dir = Path.Combine(_dir, "mnist");
        WriteMnist(dir, 10, 10);
        IdxReader.Write(Path.Combine(dir, "t10k-labels-idx1-ubyte"), [10], [0, 1, 2, 3, 4, 5, 6, 7, 8, 12]);
        Assert.Contains("label 12 at item 9", Assert.Throws<DataFormatException>(() => DatasetLoader.Load("mnist", _dir)).Message);
        IdxReader.Write(Path.Combine(dir, "t10k-labels-idx1-ubyte"), [9], new byte[9]);
        Assert.Contains("9 labels but", Assert.Throws<DataFormatException>(() => DatasetLoader.Load("mnist", _dir)).Message);
    }

    [Fact]
    public void Missing_data_points_at_fetch_and_data_dir()
    {
        var e = Assert.Throws<DataFormatException>(() => DatasetLoader.Load("fashion-mnist", _dir));
        Assert.Contains("not found", e.Message);
        Assert.Contains("--data-dir", e.Message);
    }

    [Fact]
    public void Cifar_binary_records_parse_and_truncation_is_caught()
    {
        var dir = Path.Combine(_dir, "cifar-10-batches-bin");
        Directory.CreateDirectory(dir);
        byte[] Records(int n, int firstLabel)
        {
            var b = new byte[n * 3073];
            for (var i = 0; i < n; i++)
            {
                b[i * 3073] = (byte)((firstLabel + i) % 10);
                b[i * 3073 + 1] = 200;           // R of pixel (0,0)
                b[i * 3073 + 1 + 1024] = 100;    // G of pixel (0,0)
            }
            return b;
        }
        for (var k = 1; k <= 5; k++) File.WriteAllBytes(Path.Combine(dir, $"data_batch_{k}.bin"), Records(4, k));
        File.WriteAllBytes(Path.Combine(dir, "test_batch.bin"), Records(3, 0));
        var (train, test) = DatasetLoader.Load("cifar10", _dir);
        Assert.Equal(20, train.Count);
        Assert.Equal(new[] { 0, 1, 2 }, test.Labels);
        Assert.Equal(2, train.Labels[1]); // batch 1, record 1: (1 + 1) % 10
        Assert.Equal(200, train.Pixels[0]);
        Assert.Equal(100, train.Pixels[1024]);

        File.WriteAllBytes(Path.Combine(dir, "test_batch.bin"), Records(3, 0)[..^7]);
        var e = Assert.Throws<DataFormatException>(() => DatasetLoader.Load("cifar10", _dir));
        Assert.Contains("test_batch.bin", e.Message);
        Assert.Contains("not a whole number of 3073-byte", e.Message);
    }

    [Fact]
    public void Shuffling_and_augmentation_repeat_for_a_seed_and_differ_across_seeds()
    {
        var data = SyntheticData.Create("s", 50, 3, 8, 4, seed: 1);
        int[] Order(ulong seed)
        {
            var s = new BatchSampler(data, 8, shuffle: true, augment: true, new Rng(seed));
            s.StartEpoch();
            return s.Order.ToArray();
        }
        Assert.Equal(Order(5), Order(5));
        Assert.NotEqual(Order(5), Order(6));
        Assert.Equal(Enumerable.Range(0, 50), Order(5).Order());

        Tensor? a = null, b = null;
        var la = Array.Empty<int>();
        var lb = Array.Empty<int>();
        var s1 = new BatchSampler(data, 8, true, true, new Rng(9));
        var s2 = new BatchSampler(data, 8, true, true, new Rng(9));
        s1.StartEpoch();
        s2.StartEpoch();
        Assert.Equal(8, s1.Fill(0, ref a, ref la));
        s2.Fill(0, ref b, ref lb);
        Assert.Equal(a!.Data, b!.Data);
        Assert.Equal(2, s1.Fill(6, ref a, ref la)); // last partial batch: 50 = 6*8 + 2
    }

    [Fact]
    public void Normalization_and_flip_follow_the_formula()
    {
        // one 1x2x2 image [[0,255],[51,102]], mean 0.5, std 0.25
        var data = new Dataset("t", [0, 255, 51, 102], [0], 1, 2, 2, 2, [0.5f], [0.25f]);
        Tensor? x = null;
        var labels = Array.Empty<int>();
        new BatchSampler(data, 1, false, false, new Rng(1)).Fill(0, ref x, ref labels);
        Assert.Equal(-2f, x!.Data[0], 5);
        Assert.Equal(2f, x.Data[1], 5);
        Assert.Equal((0.2f - 0.5f) / 0.25f, x.Data[2], 5);
    }
}
