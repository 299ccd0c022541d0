using Sim.Studies.Output;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Training.Data;
using Sim.Training.Engine;
using Sim.Workloads.Lowering;

namespace Sim.Studies.Reproduction;

/// <summary>One trained configuration: test accuracy and its gap to dense (percentage points, positive = loss).</summary>
public sealed record AccuracyRow(string Dataset, string Model, string Variant, double TestAccuracy, double? GapPoints, double TrainSeconds);

/// <summary>The accuracy section: what was trained, or why nothing was.</summary>
public sealed record AccuracyResult(IReadOnlyList<AccuracyRow> Rows, string Setup, string? Skipped);

/// <summary>
/// Trains with the functional engine (real numerics) on the data sets at hand: dense against SR-STE and BDWP at 2:4,
/// 2:8 and 1:8, same seed and schedule, so the accuracy gaps sit next to the paper's 0.56% average loss at
/// 2:8. Training runs one after another (the engine is multi-threaded itself). A data set that is not in the
/// data directory is skipped with the reason, never faked.
/// </summary>
public static class AccuracyStudy
{
    public static readonly NmPattern[] Patterns = [new(2, 4), new(2, 8), new(1, 8)];

    public static AccuracyResult Run(string model, IReadOnlyList<string> datasets, int epochs, int trainLimit, int testLimit, string? dataDir, IProgressSink? progress)
    {
        var dir = DataDirectory.Resolve(dataDir);
        var rows = new List<AccuracyRow>();
        var skipped = new List<string>();
        var setup = $"{model}, {epochs} epoch(s), batch 64, seed 1, SGD momentum 0.9 with cosine schedule (the trainer's defaults), FP32, "
            + (trainLimit > 0 ? $"first {trainLimit} training images" : "all training images") + ", "
            + (testLimit > 0 ? $"first {testLimit} test images" : "full test set");
        foreach (var dataset in datasets)
        {
            (Dataset Train, Dataset Test) data;
            try
            {
                data = DatasetLoader.Load(dataset, dir);
            }
            catch (Exception e) when (e is DataFormatException or IOException)
            {
                skipped.Add($"{dataset}: {e.Message.Split('\n')[0]}");
                continue;
            }
            var runs = new List<(TrainingMethod Method, NmPattern Pattern)> { (TrainingMethod.Dense, NmPattern.Dense) };
            foreach (var p in Patterns)
            {
                runs.Add((TrainingMethod.Srste, p));
                runs.Add((TrainingMethod.Bdwp, p));
            }
            double? dense = null;
            foreach (var (method, pattern) in runs)
            {
                var options = new TrainingOptions
                {
                    Model = model,
                    Method = method,
                    Pattern = method == TrainingMethod.Dense ? new NmPattern(2, 8) : pattern,
                    Epochs = epochs,
                    Batch = 64,
                    Seed = 1,
                    TrainLimit = trainLimit,
                    TestLimit = testLimit,
                };
                var result = new Trainer(options).Run(data.Train, data.Test);
                dense ??= result.TestAccuracy;
                var variant = Reproducer.VariantName(method.Name(), pattern);
                rows.Add(new AccuracyRow(dataset, model, variant, result.TestAccuracy,
                    method == TrainingMethod.Dense ? null : (dense.Value - result.TestAccuracy) * 100, result.TrainSeconds));
                progress?.Advance();
            }
        }
        return new AccuracyResult(rows, setup, skipped.Count == 0 ? null : string.Join("; ", skipped));
    }
}
