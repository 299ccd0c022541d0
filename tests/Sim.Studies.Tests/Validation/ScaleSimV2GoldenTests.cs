namespace Sim.Studies.Tests.Validation;

/// <summary>
/// Runs <c>satsim topo</c>'s engine (<see cref="ScaleSimRun"/>) on every SCALE-Sim v2 golden run of tests/golden/scalesim-v2 (reports produced by
/// SCALE-Sim v2 itself, see that folder's README.md) and compares all three reports field by field: headers
/// verbatim, cycles and counts exactly, utilizations and bandwidths to 1e-6 (relative for bandwidths).
/// </summary>
public sealed class ScaleSimV2GoldenTests : IDisposable
{
    private static readonly string Golden = Path.Combine(RepoPaths.Root, "tests", "golden", "scalesim-v2");
    private static readonly string[] Reports = ["COMPUTE_REPORT", "BANDWIDTH_REPORT", "DETAILED_ACCESS_REPORT"];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "satsim-golden-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    public static TheoryData<string> Runs()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(Golden, "runs.csv")).Skip(1))
        {
            var name = line.Split(',')[0];
            if (File.Exists(Path.Combine(Golden, "runs", name, "COMPUTE_REPORT.csv"))) data.Add(name);
        }
        return data;
    }

    [Fact]
    public void EveryListedRunHasGoldenReports()
    {
        var listed = File.ReadAllLines(Path.Combine(Golden, "runs.csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.True(listed.Count >= 20, $"only {listed.Count} runs listed");
        Assert.All(listed, n => Assert.True(File.Exists(Path.Combine(Golden, "runs", n, "DETAILED_ACCESS_REPORT.csv")), n));
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void MatchesScaleSimFieldByField(string run)
    {
        var row = File.ReadAllLines(Path.Combine(Golden, "runs.csv")).Skip(1).Select(l => l.Split(',')).Single(f => f[0] == run);
        var outDir = Path.Combine(_dir, run);
        ScaleSimRun.Topo(Path.Combine(Golden, "runs", run, "scale.cfg"), Path.Combine(Golden, "topologies", row[9]), outDir);
        ScaleSimReportComparison.AssertReportsMatch(run, Path.Combine(Golden, "runs", run), outDir, Reports, v3Rules: false);
    }
}
