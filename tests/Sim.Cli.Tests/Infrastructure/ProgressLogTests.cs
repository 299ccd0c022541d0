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

    [Fact]
    public void OneLongStepIsNotSilent()
    {
        // One simulation that takes a while and advances only at its end: the heartbeat still writes lines.
        var lines = new StringWriter();
        var reporter = new ProgressReporter(enabled: false) { Lines = lines, Interval = TimeSpan.FromMilliseconds(40) };
        reporter.Run("replay t.jsonl", 1, sink =>
        {
            Thread.Sleep(600);
            sink.Advance();
        });
        string[] Lines() => lines.ToString().ReplaceLineEndings("\n").TrimEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var written = Lines();
        Assert.True(written.Count(l => l.StartsWith("progress: replay t.jsonl: 0% (0/1), ", StringComparison.Ordinal)) >= 3, string.Join("\n", written));
        Thread.Sleep(200);
        Assert.Equal(written.Length, Lines().Length); // nothing after the work returned
    }

    [Fact]
    public void ADescriptionFromTheInputIsEscaped()
    {
        var lines = new StringWriter();
        var reporter = new ProgressReporter(enabled: false) { Lines = lines, Interval = TimeSpan.Zero };
        reporter.Run("topo \u001b[2Jx.csv", 1, sink => sink.Advance());
        Assert.StartsWith("progress: topo \\e[2Jx.csv: 100% ", lines.ToString());
    }

    [Theory]
    [InlineData("0.25", 0.25)]
    [InlineData("0", 0)]
    [InlineData("1e308", 86_400)]
    [InlineData("Infinity", 86_400)]
    [InlineData("-1", 30)]
    [InlineData("NaN", 30)]
    [InlineData("soon", 30)]
    [InlineData(null, 30)]
    public void TheRateVariableNeverThrows(string? text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ProgressReporter.IntervalFrom(text));
    }
}
