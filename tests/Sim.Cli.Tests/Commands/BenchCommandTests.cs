namespace Sim.Cli.Tests.Commands;

/// <summary>The <c>satsim bench</c> command tree: help, exit codes and the usage lines of nested commands.</summary>
public class BenchCommandTests
{
    [Fact]
    public void BenchHelpListsEveryGroupOnce()
    {
        // Parsing "bench --help" builds the whole tree; a second "bench" group would throw here.
        Assert.Equal(CliApp.Ok, CliApp.Run(["bench", "--help"]));
    }

    [Fact]
    public void BenchRejectsANonPositiveCount()
    {
        Assert.Equal(CliApp.UsageError, CliApp.Run(["bench", "kernel", "pipeline", "--items", "0"]));
    }

    [Fact]
    public void UsageErrorsOfANestedCommandNameItsWholePath()
    {
        // Both a value the command rejects and one the parser cannot read name "bench kernel throughput",
        // not just "throughput", so the suggested --help line works as typed.
        var (code, _, err) = CliRunner.Run("bench", "kernel", "throughput", "--processes", "-1");
        Assert.Equal(CliApp.UsageError, code);
        Assert.Equal("satsim bench kernel throughput: --processes must be a positive integer, got -1.\nRun 'satsim bench kernel throughput --help' for usage.\n", err.ReplaceLineEndings("\n"));
        (code, _, err) = CliRunner.Run("bench", "kernel", "throughput", "--processes", "many");
        Assert.Equal(CliApp.UsageError, code);
        Assert.StartsWith("satsim bench kernel throughput: Cannot parse argument 'many'", err);
        Assert.EndsWith("Run 'satsim bench kernel throughput --help' for usage.\n", err.ReplaceLineEndings("\n"));
    }
}
