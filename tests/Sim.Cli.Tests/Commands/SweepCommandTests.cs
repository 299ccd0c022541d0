using Sim.Studies.Sweeps;
using Sim.Studies.Tests.Sweeps;

namespace Sim.Cli.Tests.Commands;

public class SweepCommandTests
{
    [Fact]
    public void MergeOfAForeignDirectoryIsOneLineInputError()
    {
        using var temp = new TempDir();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(["sweep", "merge", temp.Path, "--out", temp.File("out")], output, error);
        Assert.Equal(CliApp.InputError, code);
        Assert.Equal($"{temp.Path}: not a sweep result directory (expected sweep-spec.fingerprint and sweep.yaml)\n", error.ToString().Replace("\r", ""));
    }

    [Fact]
    public void MergeCommandWritesCsvAndFiguresAndJson()
    {
        using var temp = new TempDir();
        const string yaml = "workload: {model: m, batch: 1, method: [dense, bdwp], nm: \"2:8\"}\ngrid: {pe_rows: [8, 16], pe_cols: [8, 16]}";
        var spec = SweepSpecLoader.Parse(yaml, "s.yaml");
        for (var i = 0; i < 2; i++)
        {
            SweepJob.Run(spec, yaml, temp.File($"s{i}"), new ClosedFormEvaluator(), new ShardSpec(i, 2), 2, false, null, default);
        }
        var output = new StringWriter();
        var code = CliApp.Run(["sweep", "merge", temp.File("s0"), temp.File("s1"), "--out", temp.File("m"), "--json"], output, new StringWriter());
        Assert.Equal(CliApp.Ok, code);
        Assert.StartsWith("{\"points\":8,\"failed\":0,\"sources\":2,", output.ToString());
        Assert.Equal(9, File.ReadAllLines(temp.File("m/sweep.csv")).Length);
        foreach (var png in new[] { "pareto-buffer.png", "pareto-pes.png", "heatmap-pe_cols-pe_rows-m-b1-dense.png", "heatmap-pe_cols-pe_rows-m-b1-bdwp-2-8.png" })
        {
            var bytes = File.ReadAllBytes(temp.File("m/" + png));
            Assert.Equal(0x89, bytes[0]); // PNG signature
            Assert.Equal((byte)'P', bytes[1]);
        }
    }
}
