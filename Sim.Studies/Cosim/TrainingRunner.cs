using Serilog;
using Sim.Studies.Errors;
using Sim.Studies.Output;
using Sim.Studies.Scenarios;
using Sim.Studies.Timing;
using Sim.Training.Data;
using Sim.Training.Engine;
using Sim.Training.Optim;
using Sim.Training.Tensors;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Studies.Cosim;

/// <summary>
/// Trains one method of a scenario with the functional engine and times every iteration it executes on the
/// simulated accelerator: the engine hands over each iteration's recorded layer operations, identical streams
/// reuse their timing, and test accuracy after each epoch is placed on the simulated clock.
/// </summary>
public static class TrainingRunner
{
    public static void Run(Scenario scenario, MethodRun run, TimingCache cache, CoSimulation cosim, ILogger log, IProgressSink progress)
    {
        var w = scenario.Workload;
        var (train, test) = LoadData(scenario, log);
        var count = w.TrainSamples is { } limit ? Math.Min(limit, train.Count) : train.Count;
        var batchesPerEpoch = (count + w.Batch - 1) / w.Batch;
        var imported = Models.ModelResolver.IsFile(w.Model);
        var model = imported ? Sim.Training.Engine.DatasetFit.Check(Models.ModelResolver.Graph(w.Model), train) : ModelZoo.Create(w.Model, train.Classes, train.Height, train.Channels);
        var elementWidths = cosim.Options(run.Method, w.Batch); // the engine records with the hardware's element widths
        var options = new TrainingOptions
        {
            Model = w.Model,
            Graph = imported ? model : null,
            InitialValues = Models.ModelResolver.InitialValues(w.Model),
            Method = run.Method,
            Pattern = w.Nm,
            Epochs = w.Epochs ?? 1,
            Batch = w.Batch,
            Seed = (ulong)w.Seed,
            LearningRate = (float)w.Optimizer.LearningRate,
            Schedule = w.Optimizer.Schedule switch
            {
                "constant" => LrScheduleKind.Constant,
                "step" => LrScheduleKind.Step,
                _ => LrScheduleKind.Cosine,
            },
            WarmupSteps = w.Optimizer.WarmupIterations,
            StepEpochs = w.Optimizer.StepEpochs,
            Momentum = (float)w.Optimizer.Momentum,
            WeightDecay = (float)w.Optimizer.WeightDecay,
            DecayLambda = (float)w.SrsteLambda,
            Precision = w.Precision switch
            {
                "fp16" => Precision.FP16,
                "bf16" => Precision.BF16,
                _ => Precision.FP32,
            },
            Augment = w.Augment,
            TrainLimit = w.TrainSamples ?? 0,
            TestLimit = w.TestSamples ?? 0,
            OperandBytes = elementWidths.OperandBytes,
            MasterBytes = elementWidths.MasterBytes,
            ContinueOnDivergence = w.ContinueOnDivergence,
        };
        var trainer = new Trainer(options);
        var matched = true;
        trainer.OnIterationOps = (iteration, ops) =>
        {
            var inEpoch = (int)(iteration % batchesPerEpoch);
            var n = inEpoch == batchesPerEpoch - 1 ? count - (batchesPerEpoch - 1) * w.Batch : w.Batch;
            var timing = cache.Get(ops, () =>
            {
                var lowering = cosim.Options(run.Method, n);
                if (OperationStreamHash.Of(IterationLowering.Lower(model, lowering)) != OperationStreamHash.Of(ops))
                {
                    matched = false;
                }
                log.Debug("{Method}: simulating the operation stream of iteration {Iteration} (batch {Batch}, {Ops} layer operations)", run.Label, iteration, n, ops.Count);
                return cosim.Timer.SimulateRecorded(scenario.Hardware, ops.ToArray(), lowering.EffectivePattern);
            });
            run.AddIterations(timing, n, n == w.Batch);
        };
        trainer.OnBatch = (epoch, batch, batches, loss) =>
            progress.Describe($"{run.Label}: epoch {epoch}/{options.Epochs}, batch {batch}/{batches}, loss {loss:F3}");
        trainer.OnEpoch = e =>
        {
            run.AddAccuracy(e.TestAccuracy, e.TestLoss);
            log.Information("{Method} epoch {Epoch}: train loss {TrainLoss:F4}, test accuracy {Accuracy:P2} after {Seconds:F4} simulated s",
                run.Label, e.Epoch, e.TrainLoss, e.TestAccuracy, run.Seconds);
        };
        var result = trainer.Run(train, test);
        if (result.Divergence is { } diverged)
        {
            log.Warning("{Method}: training {Divergence}; continued (workload.on_divergence: continue)", run.Label, diverged);
            run.Notes.Add($"{run.Label}: training {diverged}; continued (workload.on_divergence: continue), so later losses and accuracies are not meaningful");
        }
        run.Notes.Add(matched
            ? $"{run.Label}: timing of each distinct iteration comes from tiling the layer operations the functional engine recorded, which equal (field by field, in order) the workload compiler's lowering of the same iteration and batch."
            : $"{run.Label}: timing of each distinct iteration comes from tiling the layer operations the functional engine recorded; they are NOT identical to the workload compiler's lowering of the same iteration (the engine's operations were timed).");
        if (!scenario.Hardware.Optimizations.PreGeneration)
        {
            run.Notes.Add($"{run.Label}: pre-generation is off, so each N:M generation is moved from after the weight update to right before the first GEMM that uses it, which waits for it.");
        }
    }

    /// <summary>A synthetic data set is drawn in the model's own input shape: an image model, or an imported token model.</summary>
    internal static void CheckSynthetic(Scenario scenario, ModelGraph graph)
    {
        var w = scenario.Workload;
        if (graph.InputShape.Dims.Count != 3 && !(Models.ModelResolver.IsFile(w.Model) && Models.ModelResolver.Import(w.Model).TakesTokens))
        {
            throw new SatSimInputException(scenario.SourceFile, $"workload.dataset 'synthetic': model '{w.Model}' does not take images; expected an image model such as lenet5 or resnet9");
        }
    }

    private static (Dataset Train, Dataset Test) LoadData(Scenario scenario, ILogger log)
    {
        var w = scenario.Workload;
        if (w.Dataset == "synthetic")
        {
            var graph = Models.ModelResolver.Graph(w.Model);
            var dims = graph.InputShape.Dims; // (C, H, W)
            if (Models.ModelResolver.IsFile(w.Model) && Models.ModelResolver.Import(w.Model).TakesTokens)
            {
                // token ids drawn from the first min(vocabulary, 256) ids, one band of them per class
                var vocab = Math.Clamp(graph.Layers.OfType<Embedding>().First().Vocab, graph.Classes, 256);
                var sequences = SyntheticTokens.Create("synthetic-tokens", (w.TrainSamples ?? 2048) + (w.TestSamples ?? 512), dims[0], vocab, graph.Classes, (ulong)w.Seed);
                return (Slice(sequences, 0, w.TrainSamples ?? 2048), Slice(sequences, w.TrainSamples ?? 2048, w.TestSamples ?? 512));
            }
            CheckSynthetic(scenario, graph);
            var trainCount = w.TrainSamples ?? 2048;
            var testCount = w.TestSamples ?? 512;
            var all = SyntheticData.Create("synthetic", trainCount + testCount, dims[0], dims[1], graph.Classes, (ulong)w.Seed);
            return (Slice(all, 0, trainCount), Slice(all, trainCount, testCount));
        }
        var dir = DataDirectory.Resolve(w.DataDir);
        try
        {
            try
            {
                return DatasetLoader.Load(w.Dataset, dir);
            }
            // A folder the scenario names is used as it is: only the shared cache is ever filled by fetching.
            catch (DataFormatException) when (w.DataDir is null && DataFetcher.Names.Contains(w.Dataset) && !Directory.Exists(Path.Combine(dir, w.Dataset)))
            {
                log.Warning("{Dataset} is not in {Dir}; fetching it (first use only)", w.Dataset, dir);
                DataFetcher.Fetch(w.Dataset, dir, m => log.Information("{Message}", m));
                return DatasetLoader.Load(w.Dataset, dir);
            }
        }
        catch (DataFormatException e)
        {
            throw new SatSimInputException(scenario.SourceFile, $"workload.dataset '{w.Dataset}': {e.Message}");
        }
    }

    private static Dataset Slice(Dataset d, int start, int count)
    {
        var image = d.ImageSize;
        return new Dataset(d.Name, d.Pixels.AsSpan(start * image, count * image).ToArray(), d.Labels.AsSpan(start, count).ToArray(),
            d.Channels, d.Height, d.Width, d.Classes, d.Mean, d.Std);
    }
}
