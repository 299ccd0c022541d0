using Sim.Cli.Output;

namespace Sim.Cli.Tests.Infrastructure;

/// <summary>Without a terminal, long work still says how far it is: plain lines at the configured rate.</summary>
public class ProgressLogTests
{
    [Fact]
    public void WithoutABarProgressIsWrittenAsLines()
    {
        var lines = new StringWriter();
        var reporter = new ProgressReporter(enabled: false) { Lines = lines, Interval = TimeSpan.Zero };
        var result = reporter.Run("sweep s", 4, sink =>
        {
            for (var i = 0; i < 4; i++)
            {
                sink.Advance();
            }
            return 7;
        });
        Assert.Equal(7, result);
        var text = lines.ToString().ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Equal(4, text.Length);
        Assert.StartsWith("progress: sweep s: 25% (1/4), ", text[0]);
        Assert.StartsWith("progress: sweep s: 100% (4/4), ", text[3]);
    }

    [Fact]
    public void TheRateIsModest()
    {
        var lines = new StringWriter();
        var reporter = new ProgressReporter(enabled: false) { Lines = lines, Interval = TimeSpan.FromHours(1) };
        reporter.Run("run", 1000, sink =>
        {
            for (var i = 0; i < 1000; i++)
            {
                sink.Advance();
            }
        });
        Assert.Equal(string.Empty, lines.ToString());
    }
}
