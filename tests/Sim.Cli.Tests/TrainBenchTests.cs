using Sim.Cli;

namespace Sim.Cli.Tests;

/// <summary><c>satsim bench train</c> rejects bad flags before loading any data (the run itself is covered in Sim.Training.Tests).</summary>
public class TrainBenchTests
{
    [Theory]
    [InlineData("--threads", "0", "threads: expected an integer >= 1")]
    [InlineData("--batch", "0", "batch: expected an integer >= 1")]
    [InlineData("--model", "lenet6", "model: unknown 'lenet6'")]
    [InlineData("--method", "sparse", "sparse")]
    public void Bad_flags_are_usage_errors_naming_the_flag(string flag, string value, string message)
    {
        var (code, _, err) = Commands.CliRunner.Run("bench", "train", flag, value, "--data-dir", Path.Combine(Path.GetTempPath(), "satsim-no-data"));
        Assert.Equal(CliApp.UsageError, code);
        Assert.StartsWith("satsim bench train: ", err);
        Assert.Contains(message, err);
    }

    [Fact]
    public void A_missing_data_set_is_an_input_error()
    {
        var dir = Path.Combine(Path.GetTempPath(), "satsim-no-data-" + Guid.NewGuid().ToString("N"));
        var (code, _, err) = Commands.CliRunner.Run("bench", "train", "--data-dir", dir);
        Assert.Equal(CliApp.InputError, code);
        Assert.StartsWith("satsim bench train: error: ", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }
}
