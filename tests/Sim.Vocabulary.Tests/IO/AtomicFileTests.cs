using Sim.Vocabulary.IO;

namespace Sim.Vocabulary.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("satsim-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WritesTheWholeContent()
    {
        var path = Path.Combine(_dir, "sub", "report.json");
        AtomicFile.WriteAllText(path, "{\"a\": 1}\n");
        Assert.Equal("{\"a\": 1}\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void AFailedWriteKeepsTheOldFileAndLeavesNoTemporary()
    {
        var path = Path.Combine(_dir, "report.json");
        File.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteText(path, w =>
        {
            w.Write("half of the new rep");
            w.Flush();
            throw new InvalidOperationException("simulation failed");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void AFailedFirstWriteLeavesNoFileAtAll()
    {
        var path = Path.Combine(_dir, "layers.csv");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, _ => throw new IOException("disk full")));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void TextIsUtf8WithoutByteOrderMarkAndWithLineFeeds()
    {
        var path = Path.Combine(_dir, "a.txt");
        AtomicFile.WriteText(path, w => w.WriteLine("µs"));
        Assert.Equal(new byte[] { 0xC2, 0xB5, (byte)'s', (byte)'\n' }, File.ReadAllBytes(path));
    }
}
