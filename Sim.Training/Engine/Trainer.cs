using System.Diagnostics;
using Sim.Training.Data;
using Sim.Training.Layers;
using Sim.Training.Models;
using Sim.Training.Optim;
using Sim.Training.Sparsity;
using Sim.Training.Tensors;
using ModelZoo = Sim.Workloads.Models.ModelZoo;

namespace Sim.Training.Engine;

/// <summary>
/// The training loop: per iteration, N:M weights are regenerated from the dense masters (FP along Cin;
/// for BDWP also BP along Cout), forward, softmax cross-entropy, backward, SR-STE decay, loss-scale check,
/// SGD update of the masters. Each iteration's recorded operations are the workload compiler's lowering of
/// that iteration (<see cref="OpLowering"/>): FP, loss, backward in reverse, then per layer the update and the
/// generation of the next iteration's N:M weights; a mixed-precision step skipped on overflow records no update
/// and no generation (the weights did not change). Deterministic for a seed: seeded initialization, shuffling
/// and augmentation, and kernels whose reductions do not depend on thread scheduling.
/// </summary>
public sealed class Trainer
{
    private readonly TrainingOptions _options;

    public Trainer(TrainingOptions options)
    {
        _options = options.EnsureValid();
    }

    /// <summary>Called after every batch: (epoch, batch, batches per epoch, running mean loss).</summary>
    public Action<int, int, int, double>? OnBatch { get; set; }

    /// <summary>Called after every epoch.</summary>
    public Action<EpochResult>? OnEpoch { get; set; }

    /// <summary>Receives every iteration's executed operations.</summary>
    public Action<long, IReadOnlyList<Sim.Workloads.Lowering.LayerOp>>? OnIterationOps { get; set; }

    /// <summary>When set, receives the wall time per phase of every training iteration (evaluation excluded).</summary>
    public PhaseProfile? Profile { get; set; }

    public TrainingResult Run(Dataset train, Dataset test)
    {
        var o = _options;
        if (o.TrainLimit > 0)
        {
            train = train.Take(o.TrainLimit);
        }
        if (o.TestLimit > 0)
        {
            test = test.Take(o.TestLimit);
        }
        var graph = o.Graph is { } imported ? DatasetFit.Check(imported, train) : ModelZoo.Create(o.Model, train.Classes, train.Height, train.Channels);
        var sparsity = new SparsityConfig(o.Method, o.Method == Sim.Workloads.Lowering.TrainingMethod.Dense ? Sim.Vocabulary.NmPattern.Dense : o.Pattern, o.DecayLambda, o.SparsifyFirstLayer, o.SparseLayers);
        var built = NetworkBuilder.Build(graph, sparsity, o.Seed, o.InitialValues);
        var net = built.Network;
        var parameters = net.Parameters().ToList();
        var rng = new Rng(o.Seed ^ 0x5EEDUL);
        var sampler = new BatchSampler(train, o.Batch, shuffle: true, augment: o.Augment, rng.Fork());
        var recorder = new IterationRecorder { Consumer = OnIterationOps };
        var ctx = new RunContext { Precision = o.Precision, Recorder = recorder, Rng = rng.Fork(), OperandBytes = o.OperandBytes, MasterBytes = o.MasterBytes, Profile = Profile };
        var lowering = net.Lowering;
        var lossLayer = graph.Layers[^1];
        var sgd = new Sgd(o.Momentum, o.WeightDecay);
        var totalSteps = sampler.BatchesPerEpoch * o.Epochs;
        var schedule = new LrSchedule(o.Schedule, o.LearningRate, Math.Min(o.WarmupSteps, totalSteps / 2), o.StepEpochs * sampler.BatchesPerEpoch);
        var scaler = new LossScaler(o.Precision == Precision.FP16 ? o.LossScale : 1f, dynamic: o.Precision == Precision.FP16);
        var loss = new SoftmaxCrossEntropy();
        Tensor? x = null;
        var labels = Array.Empty<int>();
        var epochs = new List<EpochResult>();
        var step = 0;
        string? divergence = null;
        double trainSeconds = 0;
        long images = 0;
        for (var epoch = 1; epoch <= o.Epochs; epoch++)
        {
            var sw = Stopwatch.StartNew();
            sampler.StartEpoch();
            double lossSum = 0;
            long correct = 0, seen = 0;
            var skippedBefore = scaler.SkippedSteps;
            var profile = Profile;
            profile?.Start(TrainingPhase.Data);
            for (var bi = 0; bi < sampler.BatchesPerEpoch; bi++)
            {
                profile?.Enter(TrainingPhase.Data);
                var n = sampler.Fill(bi, ref x, ref labels);
                ctx.Training = true;
                profile?.Enter(TrainingPhase.Masks);
                built.Sparsity.Prepare(o.Precision);
                profile?.Enter(TrainingPhase.Forward);
                var logits = net.Forward(x!, ctx);
                var l = loss.Compute(logits, labels, scaler.Scale, out var grad, out var c);
                lowering.RecordForward(ctx, lossLayer, n);
                lowering.RecordBackward(ctx, lossLayer, n);
                profile?.Enter(TrainingPhase.Backward);
                net.Backward(grad, ctx);
                profile?.Enter(TrainingPhase.Update);
                built.Sparsity.AddDecay(scaler.Scale);
                if (scaler.Check(parameters))
                {
                    sgd.Step(parameters, schedule.Rate(step, totalSteps), scaler.Scale);
                    // with the update, the generation of the next iteration's N:M weights (pre-generation)
                    lowering.RecordUpdate(ctx);
                }
                else
                {
                    Sgd.ZeroGrad(parameters);
                }
                profile?.Enter(TrainingPhase.Recording);
                recorder.EndIteration(step);
                profile?.Enter(TrainingPhase.Data);
                profile?.EndIteration();
                step++;
                if (divergence is null && Diverged(l, parameters) is { } what)
                {
                    var error = new TrainingDivergedException(Sim.Workloads.Lowering.TrainingMethods.Name(o.Method), epoch, bi + 1, what);
                    if (!o.ContinueOnDivergence)
                    {
                        throw error;
                    }
                    divergence = $"diverged at epoch {epoch}, iteration {bi + 1}: {what}";
                }
                lossSum += l * n;
                correct += c;
                seen += n;
                OnBatch?.Invoke(epoch, bi + 1, sampler.BatchesPerEpoch, lossSum / seen);
            }
            profile?.Stop(sampler.BatchesPerEpoch);
            sw.Stop();
            trainSeconds += sw.Elapsed.TotalSeconds;
            images += seen;
            var (testLoss, testAcc) = Evaluate(net, built.Sparsity, test, o);
            var result = new EpochResult(epoch, lossSum / seen, (double)correct / seen, testLoss, testAcc, sw.Elapsed.TotalSeconds, scaler.SkippedSteps - skippedBefore);
            epochs.Add(result);
            OnEpoch?.Invoke(result);
        }
        return new TrainingResult(o, train.Name, epochs, trainSeconds, images, new Dictionary<Sim.Vocabulary.Stage, (long, long, long)>(recorder.StageMacs), recorder.LastIterationOps, parameters.Sum(p => (long)p.Value.Length))
        {
            Divergence = divergence,
        };
    }

    /// <summary>
    /// What is non-finite after an iteration: the loss, or a weight (a vectorized sum per tensor: NaN and
    /// infinities propagate into it), else null. A pruned weight does not reach the loss, so both are checked.
    /// </summary>
    private static string? Diverged(double loss, List<Parameter> parameters)
    {
        if (!double.IsFinite(loss))
        {
            return $"the loss is {loss.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }
        foreach (var p in parameters)
        {
            if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum<float>(p.Value.Span)))
            {
                return $"weight '{p.Name}' is not finite";
            }
        }
        return null;
    }

    /// <summary>Test loss and accuracy of the deployed network: FP weights (N:M along Cin when sparse) from the current masters.</summary>
    public static (double Loss, double Accuracy) Evaluate(GraphNetwork net, SparsityController sparsity, Dataset test, TrainingOptions o)
    {
        sparsity.Prepare(o.Precision);
        var ctx = new RunContext { Training = false, Precision = o.Precision };
        var sampler = new BatchSampler(test, o.EvalBatch, shuffle: false, augment: false, new Rng(0));
        var ce = new SoftmaxCrossEntropy();
        Tensor? x = null;
        var labels = Array.Empty<int>();
        double lossSum = 0;
        long correct = 0;
        for (var bi = 0; bi < sampler.BatchesPerEpoch; bi++)
        {
            var n = sampler.Fill(bi, ref x, ref labels);
            var logits = net.Forward(x!, ctx);
            lossSum += ce.Compute(logits, labels, 1f, out _, out var c) * n;
            correct += c;
        }
        return (lossSum / test.Count, (double)correct / test.Count);
    }
}
