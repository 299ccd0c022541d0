using System.CommandLine;
using Sim.Cli.Commands;
using Sim.Studies.Errors;

namespace Sim.Cli.Tests.Infrastructure;

public class CommandRunnerTests
{
    private static (int Code, string Out, string Err) Invoke(Func<CliContext, int> body, params string[] args)
    {
        var root = new RootCommand("test");
        CommonOptions.AddTo(root);
        var command = new Command("demo", "demo");
        command.SetAction(p => CommandRunner.Run(p, body));
        root.Subcommands.Add(command);
        var output = new StringWriter();
        var error = new StringWriter();
        var code = root.Parse(["demo", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void InputErrorsPrintOneLocatedLineEachAndExitOne()
    {
        var (code, _, err) = Invoke(_ => throw new SatSimInputException(
        [
            new InputError("a.yaml", 3, 5, "unknown key 'bach'"),
            new InputError("a.yaml", 7, 12, "expected an integer"),
        ]));
        Assert.Equal(CliApp.InputError, code);
        Assert.Equal("a.yaml:3:5: unknown key 'bach'\na.yaml:7:12: expected an integer\n", err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void UsageErrorsExitTwo()
    {
        var (code, _, err) = Invoke(_ => throw new UsageException("--shard must look like I/N"));
        Assert.Equal(CliApp.UsageError, code);
        Assert.StartsWith("satsim demo: --shard must look like I/N", err);
    }

    [Fact]
    public void OtherFailuresPrintOneLineWithoutStackTraceAndExitOne()
    {
        var (code, _, err) = Invoke(_ => throw new InvalidOperationException("weight buffer overflow\nsecond line"));
        Assert.Equal(CliApp.InputError, code);
        Assert.Equal("satsim demo: error: weight buffer overflow\n", err.ReplaceLineEndings("\n"));
        Assert.DoesNotContain(" at ", err);
    }

    [Fact]
    public void CommonFlagsReachTheContext()
    {
        CliContext? seen = null;
        var (code, _, _) = Invoke(c =>
        {
            seen = c;
            return 0;
        }, "--json", "--verbose");
        Assert.Equal(0, code);
        Assert.True(seen!.Json);
        Assert.True(seen.Verbose);
        Assert.False(seen.Quiet);
        Assert.False(seen.Human);
        Assert.False(seen.Progress.Enabled);
    }

    [Fact]
    public void JsonIsOneSnakeCaseLine()
    {
        var (_, output, _) = Invoke(c =>
        {
            c.WriteJson(new { ImagesPerSecond = 1.5, Method = "bdwp" });
            return 0;
        }, "--json");
        Assert.Equal("{\"images_per_second\":1.5,\"method\":\"bdwp\"}\n", output);
    }

    [Fact]
    public void TheLogFileInTheOutputFolderGetsDebugDetail()
    {
        var dir = Directory.CreateTempSubdirectory("satsim-log-").FullName;
        try
        {
            var (_, _, err) = Invoke(c =>
            {
                c.AttachLogFile(dir);
                c.Log.Debug("detail {Value}", 3.5);
                c.Log.Warning("visible");
                return 0;
            });
            var log = File.ReadAllText(Path.Combine(dir, "satsim.log"));
            Assert.Contains("[DBG] detail 3.5", log);
            Assert.Contains("[WRN] visible", log);
            Assert.DoesNotContain("detail", err);
            Assert.Contains("[WRN] visible", err);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
