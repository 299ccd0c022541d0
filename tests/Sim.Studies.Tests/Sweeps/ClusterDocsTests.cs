using Sim.Studies.Sweeps;

namespace Sim.Studies.Tests.Sweeps;

/// <summary>
/// docs/cluster.md shows the Slurm job scripts that tests/slurm/run.sh submits to a real Slurm (from .ci/run);
/// these checks keep the page, the scripts and the test's sweep in step, so what the docs show is what is tested.
/// </summary>
public class ClusterDocsTests
{
    [Theory]
    [InlineData("sweep-array.sbatch")]
    [InlineData("merge.sbatch")]
    public void TheDocsShowTheShippedJobScriptVerbatim(string script)
    {
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "cluster.md")).Replace("\r", "");
        var file = File.ReadAllText(Path.Combine(RepoPaths.Root, "examples", "slurm", script)).Replace("\r", "");
        Assert.StartsWith("#!/bin/bash\n#SBATCH", file);
        Assert.Contains("```bash\n" + file + "```\n", docs);
        Assert.Contains($"examples/slurm/{script}", File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "slurm", "run.sh")));
    }

    [Fact]
    public void TheSlurmTestRunsFromCiAndItsSweepHasEightPoints()
    {
        Assert.Contains("bash tests/slurm/run.sh", File.ReadAllText(Path.Combine(RepoPaths.Root, ".ci", "run")));
        var spec = SweepSpecLoader.Load(Path.Combine(RepoPaths.Root, "tests", "slurm", "sweep-tiny.yaml"));
        // run.sh expects 4 of the 8 points in each of its 2 shards.
        Assert.Equal(8, PointExpansion.Expand(spec).Count);
        Assert.All(Enumerable.Range(0, 2), i => Assert.Equal(4, new ShardSpec(i, 2).Select(PointExpansion.Expand(spec)).Count));
        // Its guided search has one island per array task.
        var search = SweepSpecLoader.Load(Path.Combine(RepoPaths.Root, "tests", "slurm", "search-tiny.yaml"));
        Assert.Equal(2, search.Search!.Islands);
    }
}
