using System.Globalization;
using System.Text;
using Sim.Vocabulary;

namespace Sim.Training.Engine;

/// <summary>Outcome of a training run, with the JSON summary <c>satsim train --json</c> prints.</summary>
public sealed record TrainingResult(
    TrainingOptions Options,
    string Dataset,
    IReadOnlyList<EpochResult> Epochs,
    double TrainSeconds,
    long TrainImages,
    IReadOnlyDictionary<Stage, (long Dense, long Sparse, long Effective)> StageMacs,
    int OpsPerIteration,
    long Parameters)
{
    public double TestAccuracy => Epochs[^1].TestAccuracy;

    /// <summary>Where training first diverged (epoch, iteration, what), when it was allowed to continue; else null.</summary>
    public string? Divergence { get; init; }

    public double ImagesPerSecond => TrainImages / Math.Max(TrainSeconds, 1e-9);

    /// <summary>Share of a stage's dense MACs whose weight operand was N:M sparse.</summary>
    public double SparseShare(Stage s) => StageMacs.TryGetValue(s, out var m) && m.Dense > 0 ? (double)m.Sparse / m.Dense : 0;

    /// <summary>One JSON object; invariant culture; timing fields are the only ones that vary between runs.</summary>
    public string ToJson()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append('{');
        sb.Append(c, $"\"model\":\"{Options.Model}\",\"dataset\":\"{Dataset}\",\"method\":\"{Sim.Workloads.Lowering.TrainingMethods.Name(Options.Method)}\",\"nm\":\"{(Options.Method == Sim.Workloads.Lowering.TrainingMethod.Dense ? "dense" : Options.Pattern.ToString())}\",");
        sb.Append(c, $"\"precision\":\"{Options.Precision.ToString().ToLowerInvariant()}\",\"epochs\":{Options.Epochs},\"batch\":{Options.Batch},\"seed\":{Options.Seed},\"parameters\":{Parameters},");
        sb.Append(c, $"\"test_accuracy\":{TestAccuracy:R},\"train_seconds\":{TrainSeconds:F3},\"images_per_second\":{ImagesPerSecond:F1},");
        sb.Append("\"epoch_results\":[");
        for (var i = 0; i < Epochs.Count; i++)
        {
            var e = Epochs[i];
            sb.Append(c, $"{(i > 0 ? "," : "")}{{\"epoch\":{e.Epoch},\"train_loss\":{e.TrainLoss:R},\"train_accuracy\":{e.TrainAccuracy:R},\"test_loss\":{e.TestLoss:R},\"test_accuracy\":{e.TestAccuracy:R},\"seconds\":{e.Seconds:F3},\"skipped_steps\":{e.SkippedSteps}}}");
        }
        sb.Append("],\"sparse_mac_share\":{");
        sb.Append(c, $"\"fp\":{SparseShare(Stage.FP):F4},\"bp\":{SparseShare(Stage.BP):F4},\"wg\":{SparseShare(Stage.WG):F4}}},");
        long dense = StageMacs.Values.Sum(v => v.Dense), eff = StageMacs.Values.Sum(v => v.Effective);
        sb.Append(c, $"\"effective_mac_ratio\":{(dense == 0 ? 1 : (double)eff / dense):F4},\"ops_per_iteration\":{OpsPerIteration}}}");
        return sb.ToString();
    }
}
