using System.CommandLine;
using System.Globalization;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Training.Data;
using Sim.Training.Engine;
using Sim.Training.Optim;
using Sim.Training.Tensors;
using Sim.Workloads.Lowering;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim train</c>: trains a zoo model on a real data set with dense, SR-STE or BDWP N:M training and
/// reports per-epoch loss and test accuracy (JSON summary with --json).
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = $"Model name ({string.Join(", ", Sim.Workloads.Models.ModelZoo.Names)}) or the path of an ONNX file (.onnx; trained from the file's weights, its batch dimension replaced by --batch).", DefaultValueFactory = _ => "lenet5" };
        var dataset = new Option<string>("--dataset") { Description = "mnist, fashion-mnist, cifar10 or cifar100.", DefaultValueFactory = _ => "mnist" };
        var method = new Option<string>("--method") { Description = "dense, srste or bdwp.", DefaultValueFactory = _ => "dense" };
        var nm = new Option<string>("--nm") { Description = "N:M pattern for srste/bdwp.", DefaultValueFactory = _ => "2:8" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 3 };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => 64 };
        var seed = new Option<int>("--seed") { Description = "Seed of initialization, shuffling and augmentation.", DefaultValueFactory = _ => 1 };
        var lr = new Option<float>("--lr") { Description = "Base learning rate.", DefaultValueFactory = _ => 0.02f };
        var schedule = new Option<string>("--schedule") { Description = "constant, step or cosine.", DefaultValueFactory = _ => "cosine" };
        var warmup = new Option<int>("--warmup") { Description = "Linear warm-up iterations.", DefaultValueFactory = _ => 100 };
        var momentum = new Option<float>("--momentum") { Description = "SGD momentum.", DefaultValueFactory = _ => 0.9f };
        var wd = new Option<float>("--weight-decay") { Description = "L2 weight decay.", DefaultValueFactory = _ => 5e-4f };
        var lambda = new Option<float>("--decay-lambda") { Description = "SR-STE decay on pruned weights (srste, bdwp).", DefaultValueFactory = _ => 2e-4f };
        var precision = new Option<string>("--precision") { Description = "fp32, fp16 or bf16 GEMM operands (FP32 master weights).", DefaultValueFactory = _ => "fp32" };
        var augment = new Option<bool>("--augment") { Description = "Random crop and flip (default on for CIFAR)." };
        var trainLimit = new Option<int>("--train-limit") { Description = "Use only the first N training images (0 = all)." };
        var testLimit = new Option<int>("--test-limit") { Description = "Use only the first N test images (0 = all)." };
        var firstLayer = new Option<bool>("--sparsify-first-layer") { Description = "Also sparsify the first weight layer (dense by default)." };
        var sparseLayers = new Option<string?>("--sparse-layers") { Description = "Comma-separated layer names that may be sparsified (default: all, where the grouped dimension is a multiple of M)." };
        var opsOut = new Option<string?>("--ops-out") { Description = "Write the first iteration's layer operations as JSON lines to this file (the workload compiler's lowering of what ran, with FP16 operand bytes)." };
        var dataDir = new Option<string?>("--data-dir") { Description = $"Data directory (default: ${DataDirectory.EnvironmentVariable}, else ~/.cache/satsim/data)." };
        var continueOnDivergence = new Option<bool>("--continue-on-divergence") { Description = "Train on after a NaN or infinite loss or weight (and print where it happened) instead of stopping with an error." };
        var command = new Command("train", "Train a model with the functional engine (dense, SR-STE or BDWP N:M training).");
        foreach (var o in new Option[] { model, dataset, method, nm, epochs, batch, seed, lr, schedule, warmup, momentum, wd, lambda, precision, augment, trainLimit, testLimit, firstLayer, sparseLayers, opsOut, dataDir, continueOnDivergence })
        {
            command.Options.Add(o);
        }
        command.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            TrainingOptions options;
            Sim.Onnx.ImportedModel? imported = null;
            try
            {
                var ds = parse.GetValue(dataset)!.ToLowerInvariant();
                options = new TrainingOptions
                {
                    Model = Sim.Studies.Models.ModelResolver.IsFile(parse.GetValue(model)!) ? parse.GetValue(model)! : parse.GetValue(model)!.ToLowerInvariant(),
                    Method = TrainingMethods.Parse(parse.GetValue(method)!),
                    Pattern = NmPattern.Parse(parse.GetValue(nm)!),
                    Epochs = parse.GetValue(epochs),
                    Batch = parse.GetValue(batch),
                    Seed = (ulong)parse.GetValue(seed),
                    ContinueOnDivergence = parse.GetValue(continueOnDivergence),
                    LearningRate = parse.GetValue(lr),
                    Schedule = LrSchedule.ParseKind(parse.GetValue(schedule)!),
                    WarmupSteps = parse.GetValue(warmup),
                    Momentum = parse.GetValue(momentum),
                    WeightDecay = parse.GetValue(wd),
                    DecayLambda = parse.GetValue(lambda),
                    Precision = PrecisionRounding.Parse(parse.GetValue(precision)!),
                    Augment = parse.GetValue(augment) || ds.StartsWith("cifar", StringComparison.Ordinal),
                    TrainLimit = parse.GetValue(trainLimit),
                    TestLimit = parse.GetValue(testLimit),
                    SparsifyFirstLayer = parse.GetValue(firstLayer),
                    SparseLayers = parse.GetValue(sparseLayers) is { } list
                        ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal)
                        : null,
                }.EnsureValid();
                if (parse.GetValue(seed) < 0)
                {
                    throw new ArgumentException("seed: expected an integer >= 0");
                }
                (options, imported) = Sim.Studies.Models.TrainingModels.Bind(options);
            }
            catch (Exception e) when (e is FormatException or ArgumentException && e is not Sim.Onnx.OnnxImportException)
            {
                throw new Sim.Studies.Errors.UsageException(e.Message);
            }
            var dsName = parse.GetValue(dataset)!.ToLowerInvariant();
            if (parse.GetValue(opsOut) is { Length: > 0 } early)
            {
                // Written after the first iteration: check where it goes before loading data and training.
                ctx.PrepareOutput(Path.GetDirectoryName(Path.GetFullPath(early)) ?? ".");
            }
            var (train, test) = DatasetLoader.Load(dsName, DataDirectory.Resolve(parse.GetValue(dataDir)));
            if (imported is not null)
            {
                // a data set whose samples do not fit the file's input: one line naming both shapes (exit 1)
                DatasetFit.Check(imported.Graph, train);
            }
            var trainer = new Trainer(options);
            var opsPath = parse.GetValue(opsOut);
            if (!string.IsNullOrWhiteSpace(opsPath))
            {
                trainer.OnIterationOps = (iteration, ops) =>
                {
                    if (iteration == 0)
                    {
                        OpLogWriter.Write(opsPath, iteration, ops);
                    }
                };
            }
            var status = ctx.Json ? ctx.Error : ctx.Out;
            trainer.OnEpoch = e =>
            {
                if (!ctx.Quiet)
                {
                    status.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"epoch {e.Epoch}/{options.Epochs}: train loss {e.TrainLoss:F4} acc {100 * e.TrainAccuracy:F2}% | test loss {e.TestLoss:F4} acc {100 * e.TestAccuracy:F2}% | {e.Seconds:F1} s"));
                    status.Flush();
                }
            };
            var batches = ((options.TrainLimit > 0 ? Math.Min(options.TrainLimit, train.Count) : train.Count) + options.Batch - 1) / options.Batch;
            var result = ctx.Progress.Run($"train {options.Model} {dsName} {options.Method.Name()}", (double)batches * options.Epochs, sink =>
            {
                trainer.OnBatch = (epoch, b, total, loss) =>
                {
                    sink.Advance();
                    if (b == total || b % 50 == 0)
                    {
                        sink.Describe(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}/{options.Epochs} loss {loss:F4}"));
                    }
                };
                return trainer.Run(train, test);
            });
            if (result.Divergence is { } diverged)
            {
                ctx.Log.Warning("training {Divergence}; continued (--continue-on-divergence)", diverged);
            }
            if (ctx.Json)
            {
                ctx.Out.WriteLine(result.ToJson());
            }
            else
            {
                ctx.Say(string.Create(CultureInfo.InvariantCulture,
                    $"test accuracy {100 * result.TestAccuracy:F2}% | {result.TrainSeconds:F1} s training | {result.ImagesPerSecond:F0} images/s | sparse MAC share FP {100 * result.SparseShare(Stage.FP):F1}% BP {100 * result.SparseShare(Stage.BP):F1}% WG {100 * result.SparseShare(Stage.WG):F1}%"));
            }
            return CliApp.Ok;
        }));
        return command;
    }
}
