namespace Sim.Cli.Tests.Commands;

public class SearchCommandTests
{
    [Fact]
    public void MoreShardsThanIslandsIsAOneLineUsageError()
    {
        using var temp = new TempDir();
        var file = temp.File("s.yaml");
        File.WriteAllText(file, "workload: {model: lenet5, batch: 1, method: bdwp, nm: \"2:8\"}\ngrid: {pe_rows: [8, 16]}\nsearch: {strategy: guided, budget: 2, objective: images_per_second}\n");
        var error = new StringWriter();
        var code = CliApp.Run(["sweep", file, "--out", temp.File("out"), "--shard", "1/2"], new StringWriter(), error);
        Assert.Equal(CliApp.UsageError, code);
        Assert.Equal($"satsim sweep: --shard 1/2: the evolutionary search in {file} has 1 island(s), one per shard at most; set search.islands to at least 2 (see docs/cluster.md)", error.ToString().Replace("\r", "").Split('\n')[0]);
    }

    [Fact]
    public void ASearchRunsFromTheCommandLineAndNamesItsBest()
    {
        using var temp = new TempDir();
        var file = temp.File("s.yaml");
        File.WriteAllText(file, "workload: {model: lenet5, batch: 1, method: bdwp, nm: \"2:8\"}\ngrid: {pe_rows: [8, 16], pe_cols: [8, 16]}\nsearch: {strategy: random, budget: 3, objective: images_per_second, seed: 2}\n");
        var output = new StringWriter();
        var code = CliApp.Run(["sweep", file, "--out", temp.File("out"), "--no-plots", "--jobs", "1"], output, new StringWriter());
        Assert.Equal(CliApp.Ok, code);
        Assert.Contains("3 designs searched (random, budget 3): 3 simulated, 0 already done, 0 infeasible", output.ToString());
        Assert.Contains("best images_per_second (maximized): ", output.ToString());
        Assert.Equal(4, File.ReadAllLines(temp.File("out/search.csv")).Length);
    }
}
