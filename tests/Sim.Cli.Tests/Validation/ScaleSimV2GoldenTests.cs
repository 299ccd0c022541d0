using System.Globalization;
using Sim.Cli;

namespace Sim.Cli.Tests.Validation;

/// <summary>
/// Runs <c>satsim topo</c> on every SCALE-Sim v2 golden run of tests/golden/scalesim-v2 (reports produced by
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
        var err = new StringWriter();
        var code = CliApp.Run(["topo", "--config", Path.Combine(Golden, "runs", run, "scale.cfg"), "--topology", Path.Combine(Golden, "topologies", row[9]), "--out", outDir, "--quiet"], new StringWriter(), err);
        Assert.True(code == CliApp.Ok, err.ToString());
        foreach (var report in Reports)
        {
            var expected = File.ReadAllLines(Path.Combine(Golden, "runs", run, report + ".csv"));
            var actual = File.ReadAllLines(Path.Combine(outDir, report + ".csv"));
            Assert.Equal(expected[0], actual[0]);
            Assert.Equal(expected.Length, actual.Length);
            var names = expected[0].Split(',').Select(s => s.Trim()).ToArray();
            for (var i = 1; i < expected.Length; i++)
            {
                var e = expected[i].Split(',');
                var a = actual[i].Split(',');
                Assert.Equal(e.Length, a.Length);
                for (var j = 0; j < e.Length; j++)
                {
                    if (e[j].Trim().Length == 0 && a[j].Trim().Length == 0) continue;
                    var where = $"{run}/{report} row {i} '{names[j]}'";
                    var x = double.Parse(e[j], CultureInfo.InvariantCulture);
                    var y = double.Parse(a[j], CultureInfo.InvariantCulture);
                    if (names[j].Contains("BW", StringComparison.Ordinal))
                    {
                        Assert.True(Math.Abs(x - y) <= 1e-6 * Math.Max(1, Math.Abs(x)), $"{where}: SCALE-Sim {e[j]}, satsim {a[j]}");
                    }
                    else if (names[j].Contains('%', StringComparison.Ordinal))
                    {
                        Assert.True(Math.Abs(x - y) <= 1e-6, $"{where}: SCALE-Sim {e[j]}, satsim {a[j]}");
                    }
                    else
                    {
                        Assert.True(x == y, $"{where}: SCALE-Sim {e[j]}, satsim {a[j]}");
                    }
                }
            }
        }
    }
}
