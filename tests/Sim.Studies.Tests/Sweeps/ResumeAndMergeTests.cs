using Sim.Studies.Errors;
using Sim.Studies.Sweeps;

namespace Sim.Studies.Tests.Sweeps;

public class ResumeAndMergeTests
{
    // 2 x 3 x 3 x 2 = 36 points, some infeasible (input buffer 16 KiB: 16 + 64 + 64 < 150 KiB) so error rows are covered.
    private const string Yaml = """
        workload: {model: m, batch: [1, 4], method: [dense, bdwp, srste], nm: "2:8"}
        grid:
          pe_rows: [8, 16, 32]
          input_buffer_kib: [16, 128]
        """;

    private static SweepSpec Spec() => SweepSpecLoader.Parse(Yaml, "sweep.yaml");

    private static SweepJobResult RunWhole(string dir, ISweepEvaluator evaluator, CancellationToken token = default, ShardSpec? shard = null) =>
        SweepJob.Run(Spec(), Yaml, dir, evaluator, shard ?? ShardSpec.Whole, parallelism: 4, plots: false, progress: null, token);

    [Fact]
    public void UninterruptedRunWritesOneRowPerPointInIndexOrder()
    {
        using var temp = new TempDirectory();
        var result = RunWhole(temp.Path, new ClosedFormEvaluator());
        var lines = File.ReadAllLines(temp.Sub("sweep.csv"));
        Assert.Equal(36 + 1, lines.Length);
        Assert.StartsWith("index,id,model,batch,method,nm,pe_rows,input_buffer_kib,pe_count,", lines[0]);
        Assert.Equal(Enumerable.Range(0, 36).Select(i => i.ToString()), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(18, result.Summary.Failed);
        Assert.Equal(18, lines.Count(l => l.EndsWith(",0,0,error,closed-form: buffer of 144 KiB too small")));
    }

    [Fact]
    public void ResumedRunSkipsFinishedPointsAndGivesIdenticalBytes()
    {
        using var temp = new TempDirectory();
        RunWhole(temp.Sub("clean"), new ClosedFormEvaluator());
        var clean = File.ReadAllBytes(temp.Sub("clean/sweep.csv"));

        using var cts = new CancellationTokenSource();
        var interrupted = RunWhole(temp.Sub("resumed"), new ClosedFormEvaluator(cts, cancelAfter: 10), cts.Token);
        Assert.True(interrupted.Summary.Interrupted);
        Assert.False(File.Exists(temp.Sub("resumed/sweep.csv")));
        var finished = Directory.GetFiles(temp.Sub("resumed/points"), "*.json").Length;
        Assert.InRange(finished, 1, 35);
        Assert.Empty(Directory.GetFiles(temp.Sub("resumed/points"), "*.tmp"));

        var second = new ClosedFormEvaluator();
        var resumed = RunWhole(temp.Sub("resumed"), second);
        Assert.Equal(finished, resumed.Summary.AlreadyDone);
        Assert.Equal(36 - finished, second.Evaluated.Count);
        Assert.Equal(clean, File.ReadAllBytes(temp.Sub("resumed/sweep.csv")));

        // A third run finds everything done and evaluates nothing.
        var third = new ClosedFormEvaluator();
        RunWhole(temp.Sub("resumed"), third);
        Assert.Empty(third.Evaluated);
    }

    [Fact]
    public void ShardsMergeToTheUnshardedCsv()
    {
        using var temp = new TempDirectory();
        RunWhole(temp.Sub("whole"), new ClosedFormEvaluator());
        var shards = Enumerable.Range(0, 3).Select(i => temp.Sub($"shard{i}")).ToList();
        for (var i = 0; i < 3; i++)
        {
            var r = RunWhole(shards[i], new ClosedFormEvaluator(), shard: new ShardSpec(i, 3));
            Assert.Equal(12, r.ShardPoints);
            Assert.Empty(r.Files); // a shard alone writes no sweep.csv
        }
        var merged = SweepMerger.Merge(shards, temp.Sub("merged"));
        SweepOutput.Write(merged.Spec, merged.Results, temp.Sub("merged"), plots: false);
        Assert.Equal(File.ReadAllBytes(temp.Sub("whole/sweep.csv")), File.ReadAllBytes(temp.Sub("merged/sweep.csv")));

        // The merged directory is a complete sweep directory: rerunning there evaluates nothing.
        var again = new ClosedFormEvaluator();
        RunWhole(temp.Sub("merged"), again);
        Assert.Empty(again.Evaluated);
    }

    [Fact]
    public void MergeRefusesMissingShardsAndForeignSweeps()
    {
        using var temp = new TempDirectory();
        RunWhole(temp.Sub("a"), new ClosedFormEvaluator(), shard: new ShardSpec(0, 2));
        var missing = Assert.Throws<SatSimInputException>(() => SweepMerger.Merge([temp.Sub("a")], temp.Sub("m")));
        Assert.Contains("18 of 36 points have no result", missing.Message);

        const string other = "workload: {model: m, batch: 1, method: dense}\ngrid: {pe_rows: [8]}";
        SweepJob.Run(SweepSpecLoader.Parse(other, "o.yaml"), other, temp.Sub("b"), new ClosedFormEvaluator(), ShardSpec.Whole, 1, false, null, default);
        var foreign = Assert.Throws<SatSimInputException>(() => SweepMerger.Merge([temp.Sub("a"), temp.Sub("b")], temp.Sub("m2")));
        Assert.Contains("holds a different sweep", foreign.Message);

        // Reusing an output directory for a different sweep is refused too.
        var reuse = Assert.Throws<SatSimInputException>(() => RunWhole(temp.Sub("b"), new ClosedFormEvaluator()));
        Assert.Contains("holds results of a different sweep", reuse.Message);
    }

    [Fact]
    public void ParetoFrontKeepsOnlyUndominatedDesigns()
    {
        // (cost, throughput): (1,5) front; (2,4) dominated; (2,7) front; (3,7) dominated (equal throughput, more cost); (4,9) front.
        var items = new (double Cost, double Tput)[] { (2, 4), (4, 9), (1, 5), (3, 7), (2, 7) };
        var front = ParetoFront.Indices(items, i => i.Cost, i => i.Tput);
        Assert.Equal([2, 4, 1], front);
    }
}
