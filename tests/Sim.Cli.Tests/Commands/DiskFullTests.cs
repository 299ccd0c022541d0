using System.Diagnostics;

namespace Sim.Cli.Tests.Commands;

/// <summary>
/// Out of disk for real: /dev/full refuses every write with ENOSPC. A report writer, the log writer and stdout pointed
/// at it end in one line and exit 1, never a stack trace, and the device itself is never replaced by a file.
/// </summary>
public class DiskFullTests
{
    private const string Full = "/dev/full";

    private static (int Code, string Out, string Err) Satsim(string shellRedirect, params string[] args)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "satsim");
        var quoted = string.Join(' ', args.Select(a => "'" + a.Replace("'", "'\\''") + "'"));
        var info = new ProcessStartInfo("sh", ["-c", $"'{exe}' {quoted} {shellRedirect}"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "satsim did not finish");
        return (p.ExitCode, output.Result, error.Result);
    }

    private static void AssertOneLine(string err, string expected)
    {
        var lines = err.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", err);
        Assert.DoesNotContain("Unhandled", err);
    }

    private static void AssertStillTheDevice() =>
        Assert.ThrowsAny<IOException>(() =>
        {
            using var s = new FileStream(Full, FileMode.Open, FileAccess.Write);
            s.Write(new byte[16]);
            s.Flush();
        });

    [Fact]
    public void AReportFileOnAFullDiskIsOneLineAndTheDeviceStays()
    {
        if (!File.Exists(Full))
        {
            return; // not Linux
        }
        var (code, _, err) = Satsim("", "trace", "--model", "mlp", "--out", Full);
        Assert.Equal(1, code);
        AssertOneLine(err, "No space left on device");
        AssertStillTheDevice();
    }

    [Fact]
    public void ALogFileOnAFullDiskIsOneLine()
    {
        if (!File.Exists(Full))
        {
            return;
        }
        using var dir = new TempDir();
        var scenario = dir.Write("s.yaml", "name: s\nworkload: { model: mlp, dataset: timing-only, methods: [dense], batch: 2 }\noutputs: { timeline: false, chrome_trace: false, accuracy_plot: false, roofline: false }\n");
        Directory.CreateDirectory(dir.File("out"));
        File.CreateSymbolicLink(dir.File("out/satsim.log"), Full);
        var (code, _, err) = Satsim("", "run", scenario, "--out", dir.File("out"), "-q");
        Assert.Equal(1, code);
        AssertOneLine(err, "satsim.log");
        Assert.Empty(Directory.GetDirectories(dir.File("out"), ".staging-*"));
        AssertStillTheDevice();
    }

    [Fact]
    public void StdoutOnAFullDiskIsOneLineAndExit1()
    {
        if (!File.Exists(Full))
        {
            return;
        }
        var (code, _, err) = Satsim("> /dev/full", "version");
        Assert.Equal(1, code);
        AssertOneLine(err, "No space left on device");
    }
}
