using System.Globalization;
using System.Text;
using Sim.Training.Data;
using Sim.Training.Gemm;

namespace Sim.Training.Engine;

/// <summary>
/// Training throughput of the functional engine (<c>satsim bench train</c>): trains with <see cref="Trainer"/>
/// as <c>satsim train</c> does (operations recorded every iteration, as in a co-simulation) under a
/// <see cref="PhaseProfile"/>, and reports images/s of the training iterations alone (evaluation excluded), the
/// share of wall time per phase and the bytes allocated per iteration. <c>bench/train_vs_pytorch.sh</c> runs it
/// alternately with the PyTorch reference (<c>bench/pytorch_lenet5.py</c>) to get the ratio on one machine.
/// </summary>
public static class TrainingBenchmark
{
    /// <summary>One measurement.</summary>
    public sealed record Result(TrainingOptions Options, string Dataset, int Threads, TrainingResult Training, PhaseProfile Profile)
    {
        public double ImagesPerSecond => Training.TrainImages / Math.Max(Profile.Seconds, 1e-9);

        public string ToJson()
        {
            var c = CultureInfo.InvariantCulture;
            var o = Options;
            var sb = new StringBuilder();
            sb.Append(c, $"{{\"bench\":\"train\",\"model\":\"{o.Model}\",\"dataset\":\"{Dataset}\",\"method\":\"{Sim.Workloads.Lowering.TrainingMethods.Name(o.Method)}\",");
            sb.Append(c, $"\"nm\":\"{(o.Method == Sim.Workloads.Lowering.TrainingMethod.Dense ? "dense" : o.Pattern.ToString())}\",\"precision\":\"{o.Precision.ToString().ToLowerInvariant()}\",");
            sb.Append(c, $"\"batch\":{o.Batch},\"epochs\":{o.Epochs},\"threads\":{Threads},\"gemm_kernel\":\"{Sgemm.KernelName}\",\"iterations\":{Profile.Iterations},\"images\":{Training.TrainImages},");
            sb.Append(c, $"\"train_seconds\":{Profile.Seconds:F3},\"images_per_second\":{ImagesPerSecond:F1},\"phase_share\":{{");
            var first = true;
            foreach (var phase in Enum.GetValues<TrainingPhase>())
            {
                sb.Append(c, $"{(first ? "" : ",")}\"{Name(phase)}\":{Profile.Share(phase):F4}");
                first = false;
            }
            sb.Append(c, $"}},\"allocated_bytes_per_iteration\":{Profile.AllocatedBytesPerIteration:F0},\"main_thread_bytes_per_iteration\":{{");
            first = true;
            foreach (var phase in Enum.GetValues<TrainingPhase>())
            {
                sb.Append(c, $"{(first ? "" : ",")}\"{Name(phase)}\":{Profile.MainThreadBytesPerIteration(phase):F0}");
                first = false;
            }
            sb.Append(c, $"}},\"layers\":[");
            first = true;
            foreach (var (name, fwd, bwd, wg) in Profile.LayerMsPerIteration)
            {
                sb.Append(c, $"{(first ? "" : ",")}{{\"name\":{System.Text.Json.JsonSerializer.Serialize(name)},\"forward_ms\":{fwd:F4},\"backward_ms\":{bwd:F4},\"weight_gradient_ms\":{wg:F4}}}");
                first = false;
            }
            sb.Append(c, $"],\"test_accuracy\":{Training.TestAccuracy:R}}}");
            return sb.ToString();
        }
    }

    /// <summary>The JSON name of a phase.</summary>
    public static string Name(TrainingPhase phase) => phase switch
    {
        TrainingPhase.Data => "data",
        TrainingPhase.Masks => "nm_masks",
        TrainingPhase.Forward => "forward",
        TrainingPhase.Backward => "backward",
        TrainingPhase.WeightGradient => "weight_gradient",
        TrainingPhase.Update => "update",
        TrainingPhase.Recording => "recording",
        _ => phase.ToString().ToLowerInvariant(),
    };

    /// <summary>Trains <paramref name="options"/> on <paramref name="train"/> with at most <paramref name="threads"/> worker threads.</summary>
    public static Result Run(TrainingOptions options, Dataset train, Dataset test, int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentException("threads: expected an integer >= 1");
        }
        var saved = Sgemm.MaxThreads;
        Sgemm.MaxThreads = threads;
        try
        {
            var profile = new PhaseProfile();
            var trainer = new Trainer(options) { Profile = profile };
            var result = trainer.Run(train, test);
            return new Result(options, train.Name, threads, result, profile);
        }
        finally
        {
            Sgemm.MaxThreads = saved;
        }
    }
}
