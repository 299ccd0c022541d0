using System.Globalization;

namespace Sim.Studies.Tests.Validation;

/// <summary>
/// Compares SatSim's SCALE-Sim-style reports with SCALE-Sim's own, field by field, so that the v2 and v3 golden
/// tests apply one set of rules: headers verbatim, row and field counts equal, bandwidths ("BW" columns) to 1e-6
/// relative, utilizations ("%" columns) to 1e-6, everything else exactly. Two v3 rules are opt-in because v2's
/// reports never need them: text fields compared verbatim (v2: every field must be a number), and fractional
/// values to 1e-9 relative (v3 sums the M/N-scaled IFMAP reads of weight stationary as floats).
/// </summary>
internal static class ScaleSimReportComparison
{
    public static void AssertReportsMatch(string run, string goldenRunDir, string outDir, IEnumerable<string> reports, bool v3Rules)
    {
        foreach (var report in reports)
        {
            var expected = File.ReadAllLines(Path.Combine(goldenRunDir, report + ".csv"));
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
                    double x;
                    if (!v3Rules)
                    {
                        x = double.Parse(e[j], CultureInfo.InvariantCulture);
                    }
                    else if (!double.TryParse(e[j], NumberStyles.Float, CultureInfo.InvariantCulture, out x))
                    {
                        Assert.True(e[j] == a[j], $"{where}: SCALE-Sim {e[j]}, satsim {a[j]}");
                        continue;
                    }
                    var y = double.Parse(a[j], CultureInfo.InvariantCulture);
                    if (names[j].Contains("BW", StringComparison.Ordinal))
                    {
                        Assert.True(Math.Abs(x - y) <= 1e-6 * Math.Max(1, Math.Abs(x)), $"{where}: SCALE-Sim {e[j]}, satsim {a[j]}");
                    }
                    else if (names[j].Contains('%', StringComparison.Ordinal))
                    {
                        Assert.True(Math.Abs(x - y) <= 1e-6, $"{where}: SCALE-Sim {e[j]}, satsim {a[j]}");
                    }
                    else if (v3Rules && x != Math.Floor(x))
                    {
                        Assert.True(Math.Abs(x - y) <= 1e-9 * Math.Abs(x), $"{where}: SCALE-Sim {e[j]}, satsim {a[j]}");
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
