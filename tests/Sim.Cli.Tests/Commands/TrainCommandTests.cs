using System.Text.Json;
using Sim.Training.Data;

namespace Sim.Cli.Tests.Commands;

public class TrainCommandTests
{
    /// <summary>Writes a tiny MNIST-shaped data set (random pixels, labels i mod 10) as IDX files.</summary>
    internal static string WriteIdx(TempDir tmp, int train, int test)
    {
        var dir = tmp.File("mnist");
        Directory.CreateDirectory(dir);
        var rng = new Random(1);
        foreach (var (prefix, n) in new[] { ("train", train), ("t10k", test) })
        {
            var px = new byte[n * 784];
            rng.NextBytes(px);
            IdxReader.Write(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), [n, 28, 28], px);
            IdxReader.Write(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte"), [n], Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray());
        }
        return tmp.Path;
    }

    [Fact]
    public void Json_summary_has_the_promised_fields_and_repeats_for_a_seed()
    {
        using var tmp = new TempDir();
        var data = WriteIdx(tmp, 96, 40);
        string[] args = ["train", "--model", "lenet5", "--dataset", "mnist", "--method", "bdwp", "--nm", "2:8", "--epochs", "1", "--batch", "32", "--seed", "1", "--data-dir", data, "--json"];
        var (code, stdout, stderr) = CliRunner.Run(args);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.InRange(root.GetProperty("test_accuracy").GetDouble(), 0, 1);
        Assert.True(root.GetProperty("train_seconds").GetDouble() > 0);
        Assert.True(root.GetProperty("images_per_second").GetDouble() > 0);
        Assert.Equal("2:8", root.GetProperty("nm").GetString());
        Assert.Contains("epoch 1/1", stderr);
        var again = CliRunner.Run(args);
        string Strip(string s) => System.Text.RegularExpressions.Regex.Replace(s, "\"(train_seconds|images_per_second|seconds)\":[0-9.]+", "");
        Assert.Equal(Strip(stdout), Strip(again.Out));
    }

    [Theory]
    [InlineData("--method", "fast", "not a training method")]
    [InlineData("--nm", "8:2", "not an N:M pattern")]
    [InlineData("--epochs", "0", "epochs: expected an integer >= 1")]
    [InlineData("--model", "alexnet", "model: unknown 'alexnet'")]
    public void Bad_flags_are_usage_errors_with_one_clear_line(string flag, string value, string message)
    {
        var (code, _, stderr) = CliRunner.Run("train", flag, value);
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains(message, stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void Missing_or_corrupt_data_is_an_input_error_naming_the_file()
    {
        using var tmp = new TempDir();
        var (code, _, stderr) = CliRunner.Run("train", "--data-dir", tmp.Path);
        Assert.Equal(CliApp.InputError, code);
        Assert.Contains("train-images-idx3-ubyte: not found", stderr);
        var data = WriteIdx(tmp, 10, 10);
        var labels = Path.Combine(data, "mnist", "t10k-labels-idx1-ubyte");
        File.WriteAllBytes(labels, File.ReadAllBytes(labels)[..^3]);
        (code, _, stderr) = CliRunner.Run("train", "--data-dir", data);
        Assert.Equal(CliApp.InputError, code);
        Assert.Contains($"{labels}: truncated", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Fetch_rejects_unknown_data_sets_as_usage_errors()
    {
        var (code, _, stderr) = CliRunner.Run("data", "fetch", "imagenet");
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("expected mnist or fashion-mnist", stderr);
    }
}
