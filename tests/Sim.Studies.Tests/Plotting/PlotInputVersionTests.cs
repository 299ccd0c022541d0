using Sim.Studies.Errors;
using Sim.Studies.Reports;

namespace Sim.Studies.Tests.Plotting;

/// <summary>
/// A report.json written before the timeline key was renamed (format version 1, <c>clock_m_hz</c>) must not be
/// redrawn with a zero clock: <c>satsim plot</c> refuses it in one line naming the file and the rename.
/// </summary>
public sealed class PlotInputVersionTests
{
    [Fact]
    public void VersionOneReportIsRefusedNamingTheRename()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("report.json", """{"format": "satsim-run-report", "format_version": 1, "timelines": [{"clock_m_hz": 250, "components": []}]}""");
        var e = Assert.Throws<SatSimInputException>(() => PlotInput.Read(path));
        Assert.Contains("report.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("clock_m_hz is now clock_mhz", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CurrentVersionIsReadable()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("report.json", $$"""{"format": "satsim-run-report", "format_version": {{RunReport.CurrentVersion}}}""");
        Assert.Equal(RunReport.CurrentVersion, PlotInput.Read(path).FormatVersion);
    }
}
