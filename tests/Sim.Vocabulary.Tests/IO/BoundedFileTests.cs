using Sim.Vocabulary.IO;

namespace Sim.Vocabulary.Tests.IO;

public class BoundedFileTests
{
    [Fact]
    public void ReadsAFileWithinTheLimitWhole()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [.. Enumerable.Range(0, 100_000).Select(i => (byte)i)]);
            Assert.Equal(File.ReadAllBytes(path), BoundedFile.ReadAllBytes(path, 100_000, "a test file"));
            Assert.Throws<InputTooLargeException>(() => BoundedFile.ReadAllBytes(path, 99_999, "a test file"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AnEndlessDeviceStopsAtTheLimitWithOneLine()
    {
        if (!File.Exists("/dev/zero"))
        {
            return; // no such device on this platform
        }
        var e = Assert.Throws<InputTooLargeException>(() => BoundedFile.ReadAllText("/dev/zero", 1 << 20, "a scenario"));
        Assert.Equal("/dev/zero: larger than 1 MiB, the limit for a scenario; is it the right file?", e.Message);
    }

    [Fact]
    public void AFifoFedForeverStopsAtTheLimit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var dir = Directory.CreateTempSubdirectory("satsim-fifo").FullName;
        var fifo = Path.Combine(dir, "endless");
        try
        {
            using (var mk = System.Diagnostics.Process.Start("mkfifo", fifo))
            {
                mk.WaitForExit();
            }
            // A writer that never stops (the reader closing the pipe ends it with SIGPIPE).
            using var writer = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sh", ["-c", $"yes > '{fifo}'"]) { RedirectStandardError = true })!;
            Assert.Throws<InputTooLargeException>(() => BoundedFile.ReadAllLines(fifo, 1 << 16, "a topology"));
            if (!writer.WaitForExit(5000))
            {
                writer.Kill();
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TextDropsAByteOrderMark()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, (byte)'a', (byte)'\r', (byte)'\n', (byte)'b']);
            Assert.Equal(["a", "b"], BoundedFile.ReadAllLines(path, 100, "x"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("\u001b[31mred\u001b[0m", "'\\e[31mred\\e[0m'")]
    [InlineData("a\nb\tc\0", "'a\\nb\\tc\\u0000'")]
    [InlineData("evil\u202etxt", "'evil\\u202etxt'")]
    public void ExcerptsEscapeControlCharacters(string text, string quoted) => Assert.Equal(quoted, TextExcerpt.Quote(text));

    [Fact]
    public void ExcerptsAreShort()
    {
        var passwd = string.Join("\n", Enumerable.Repeat("root:x:0:0:root:/root:/bin/bash", 40));
        var quoted = TextExcerpt.Quote(passwd);
        Assert.True(quoted.Length <= TextExcerpt.DefaultLength + 10, quoted);
        Assert.EndsWith("...'", quoted);
    }
}
