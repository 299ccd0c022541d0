using System.Diagnostics;
using Sim.Vocabulary.IO;

namespace Sim.Fuzz.Tests;

/// <summary>
/// The property every parser must have: a generated input ends in a valid result or in the parser's own error
/// type, whose message is one line (or one line per problem), short, free of control characters, and produced
/// in bounded time and memory. Anything else (another exception type, a multi-line or huge message, a stack
/// trace, seconds of work, hundreds of MB) fails the sample, and CsCheck shrinks it to a small input.
/// </summary>
internal static class Outcome
{
    public const int MaxMessageLine = 2000;
    public const long MaxAllocatedBytes = 512L << 20;
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="parse"/>; fails unless it returns or throws one of <paramref name="allowed"/> with clean lines.</summary>
    public static void MustEndCleanly(Action parse, Func<Exception, IEnumerable<string>?> allowed)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        try
        {
            parse();
        }
        catch (Exception e)
        {
            var lines = allowed(e) ?? throw new Xunit.Sdk.XunitException($"unhandled {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            foreach (var line in lines)
            {
                CleanLine(line);
            }
        }
        clock.Stop();
        Assert.True(clock.Elapsed < MaxTime, $"took {clock.Elapsed.TotalSeconds:F1} s");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < MaxAllocatedBytes, $"allocated {allocated >> 20} MiB");
    }

    public static void CleanLine(string line)
    {
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.True(line.Length <= MaxMessageLine, $"message of {line.Length} characters: {line[..Math.Min(200, line.Length)]}...");
        Assert.Equal(TextExcerpt.Sanitize(line), line);
        Assert.DoesNotContain("   at ", line);
    }

    /// <summary>Allows exceptions of type <typeparamref name="T"/>, whose message is one line.</summary>
    public static Func<Exception, IEnumerable<string>?> OneLine<T>() where T : Exception =>
        e => e is T ? [e.Message] : null;
}
