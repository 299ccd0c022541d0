namespace Sim.Cli.Tests.Commands;

/// <summary>
/// The wrong kind of input says what it is: validate recognises a sweep file and checks it as one (instead of
/// "unknown key 'grid'"), and a folder named where a file is expected says it is a folder (not "file not found",
/// nor .NET's "access denied"), for every reader that takes a file.
/// </summary>
public class ValidateInputKindTests
{
    private static string Repo(string path) => Path.Combine(RepoPaths.Root, path);

    [Fact]
    public void ValidateChecksASweepFileAsASweep()
    {
        var sweep = Repo("scenarios/sweep-array-buffer.yaml");
        var (code, stdout, stderr) = CliRunner.Run("validate", sweep, Repo("scenarios/quickstart.yaml"));
        Assert.True(code == 0, stderr);
        Assert.Contains($"{sweep}: ok (a sweep file: run it with 'satsim sweep {sweep} --out DIR')", stdout);
        Assert.DoesNotContain("unknown key", stderr);
    }

    [Fact]
    public void ASweepFileWithAProblemGetsTheSweepReadersLine()
    {
        using var dir = new TempDir();
        var sweep = dir.Write("s.yaml", "workload: {model: lenet5, batch: 2, method: dense}\ngrid:\n  pe_rows: [8, 0]\n");
        var (code, _, stderr) = CliRunner.Run("validate", sweep);
        Assert.Equal(1, code);
        var line = Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.StartsWith($"{sweep}:3:", line);
        Assert.Contains("grid.pe_rows", line);

        // A grid too large to run is refused at validate too, naming the file (it was an unlocated error of sweep).
        var huge = dir.Write("h.yaml", "workload: {model: lenet5, batch: 2, method: dense}\ngrid:\n"
            + "  pe_rows: {from: 1, to: 1000, step: 1}\n  pe_cols: {from: 1, to: 1000, step: 1}\n  dram_channels: {from: 1, to: 64, step: 1}\n");
        (code, _, stderr) = CliRunner.Run("validate", huge);
        Assert.Equal(1, code);
        Assert.Equal($"{huge}: the grid has 64000000 points (limit 10000000); add random: {{samples: N, seed: S}} or a search: section", stderr.TrimEnd());
    }

    [Fact]
    public void AFolderWhereAFileIsExpectedSaysItIsAFolder()
    {
        using var dir = new TempDir();
        var folder = dir.File("folder.yaml");
        Directory.CreateDirectory(folder);
        var cases = new (string[] Args, string Expected)[]
        {
            (["validate", folder], $"{folder}: is a directory, not a file; expected a scenario YAML file"),
            (["run", folder], $"{folder}: is a directory, not a file; expected a scenario YAML file"),
            (["sweep", folder, "--out", dir.File("o")], $"{folder}: is a directory, not a file; expected a sweep YAML file"),
            (["replay", folder], $"{folder}: is a directory, not a file; expected an operation trace"),
            (["trace", "--read", folder], $"{folder}: is a directory, not a file; expected a trace"),
            (["replay", dir.Write("t.jsonl", "{}\n"), "--config", folder], $"{folder}: is a directory, not a file; expected a hardware YAML file"),
            (["topo", "--config", folder, "--out", dir.File("t")], $"{folder}: file: cannot be read (is a directory, not a file)"),
        };
        foreach (var (args, expected) in cases)
        {
            var (code, _, stderr) = CliRunner.Run([.. args, "--quiet"]);
            Assert.True(code == 1, $"{string.Join(' ', args)}: exit {code}: {stderr}");
            Assert.StartsWith(expected, Assert.Single(stderr.TrimEnd().Split('\n')));
        }

        // Named inside a scenario: the hardware file, the energy table and the data folder.
        Directory.CreateDirectory(dir.File("hw"));
        var s = dir.Write("s.yaml", "name: s\nhardware: hw\nworkload: { model: mlp, dataset: timing-only, methods: [dense], batch: 2 }\n");
        var err = CliRunner.Run("validate", s).Err;
        Assert.StartsWith($"{s}:2:11: hardware: 'hw' is a directory, not a file (relative to ", err);
        s = dir.Write("e.yaml", "name: s\nhardware: { energy: hw }\nworkload: { model: mlp, dataset: timing-only, methods: [dense], batch: 2 }\n");
        Assert.Contains("hardware.energy: 'hw' is a directory, not a file", CliRunner.Run("validate", s).Err);
        dir.Write("data.bin", "x");
        s = dir.Write("d.yaml", "name: s\nworkload: { model: mlp, dataset: mnist, data_dir: data.bin, methods: [dense], batch: 2 }\n");
        Assert.Contains("workload.data_dir: 'data.bin' is a file, not a directory", CliRunner.Run("validate", s).Err);
    }

    [Fact]
    public async Task AScenarioFromAFifoIsReadOnce()
    {
        // Telling a sweep from a scenario must not read the input twice: a FIFO's second read waits for ever.
        if (!File.Exists("/usr/bin/mkfifo") && !File.Exists("/bin/mkfifo"))
        {
            return;
        }
        using var dir = new TempDir();
        var fifo = dir.File("s.yaml");
        using (var mk = System.Diagnostics.Process.Start("mkfifo", [fifo])!)
        {
            await mk.WaitForExitAsync();
        }
        var writer = Task.Run(() => File.WriteAllText(fifo, "name: s\nworkload: { model: mlp, dataset: timing-only, methods: [dense], batch: 2 }\n"));
        var validate = Task.Run(() => CliRunner.Run("validate", fifo));
        var result = await validate.WaitAsync(TimeSpan.FromSeconds(60)); // throws TimeoutException if validate keeps waiting
        Assert.True(result.Code == 0, result.Err);
        Assert.Contains($"{fifo}: ok", result.Out);
        await writer.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
