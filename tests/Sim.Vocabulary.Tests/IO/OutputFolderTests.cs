using Sim.Vocabulary.IO;

namespace Sim.Core.Tests.IO;

public sealed class OutputFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("satsim-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AnUnwritablePlaceFailsAtOnceWithOneLine()
    {
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<IOException>(() => OutputFolder.Prepare(Path.Combine(file, "out")));
        Assert.StartsWith($"{Path.Combine(file, "out")}: cannot write the output folder (", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void LeftoversOfDeadProcessesAreRemovedAndLiveOnesKept()
    {
        // PID 2^22 + 1 is above Linux's pid_max default and not a running process elsewhere either.
        const int Dead = 4_194_305;
        var mine = Environment.ProcessId;
        Directory.CreateDirectory(Path.Combine(_dir, $".staging-{Dead}-0123abcd", "inner"));
        File.WriteAllText(Path.Combine(_dir, $".report.json.{Dead}.0123abcd.tmp"), "half");
        Directory.CreateDirectory(Path.Combine(_dir, "points"));
        File.WriteAllText(Path.Combine(_dir, "points", $".p1.json.{Dead}.0123abcd.tmp"), "half");
        Directory.CreateDirectory(Path.Combine(_dir, $".staging-{mine}-live"));
        File.WriteAllText(Path.Combine(_dir, "report.json"), "kept");
        Assert.Equal(3, OutputFolder.Prepare(_dir));
        Assert.Equal([$".staging-{mine}-live", "points", "report.json"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_dir, "points")));
    }
}
