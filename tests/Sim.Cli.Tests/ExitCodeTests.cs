using Sim.Cli;

namespace Sim.Cli.Tests;

public class ExitCodeTests
{
    [Fact]
    public void UnknownFlagIsAUsageError()
    {
        Assert.Equal(CliApp.UsageError, CliApp.Run(["--no-such-flag"]));
    }

    [Fact]
    public void VersionSucceeds()
    {
        Assert.Equal(CliApp.Ok, CliApp.Run(["version"]));
    }
}
