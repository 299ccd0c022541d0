using System.Globalization;
using Sim.Studies.Errors;
using Sim.Studies.Output;

namespace Sim.Studies.Sweeps;

/// <summary>
/// One shard of a sweep, "I/N" with 0 &lt;= I &lt; N (0-based, like Slurm's SLURM_ARRAY_TASK_ID with
/// --array=0-(N-1) and Kubernetes' JOB_COMPLETION_INDEX). Point k belongs to shard k mod N: round robin
/// keeps neighbouring (similarly expensive) points on different nodes, and every point is in exactly one shard.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    public static ShardSpec Whole => new(0, 1);

    public bool IsWhole => Count == 1;

    public bool Contains(SweepPoint point) => point.Index % Count == Index;

    public IReadOnlyList<SweepPoint> Select(IReadOnlyList<SweepPoint> points) => points.Where(Contains).ToList();

    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index < count)
        {
            return new ShardSpec(index, count);
        }
        throw new UsageException($"--shard: '{text}' is not a shard; expected I/N with 0 <= I < N, e.g. 0/4 (I is 0-based like SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX)");
    }

    public override string ToString() => $"{Index}/{Count}";
}
