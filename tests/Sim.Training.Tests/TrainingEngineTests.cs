using Sim.Vocabulary;
using Sim.Training.Data;
using Sim.Training.Engine;
using Sim.Training.Layers;
using Sim.Training.Models;
using Sim.Training.Sparsity;
using Sim.Training.Tensors;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;
using Layer = Sim.Training.Layers.Layer;
using Add = Sim.Workloads.Models.Add;
using Flatten = Sim.Workloads.Models.Flatten;

namespace Sim.Training.Tests;

public class TrainingEngineTests
{
    private static TrainingOptions Small(TrainingMethod method) => new()
    {
        Model = "lenet5",
        Method = method,
        Pattern = new NmPattern(2, 8),
        Epochs = 1,
        Batch = 32,
        Seed = 3,
        LearningRate = 0.05f,
        WarmupSteps = 5,
        EvalBatch = 100,
    };

    private static (Dataset, Dataset) Synthetic()
    {
        var all = SyntheticData.Create("synthetic", 456, 1, 28, 10, seed: 11);
        return (all.Take(256), all.Slice(256, 200));
    }

    private static string Strip(TrainingResult r) =>
        System.Text.RegularExpressions.Regex.Replace(r.ToJson(), "\"(train_seconds|images_per_second|seconds)\":[0-9.]+", "");

    [Fact]
    public void Same_seed_gives_bit_identical_results_and_another_seed_does_not()
    {
        var (train, test) = Synthetic();
        var o = Small(TrainingMethod.Bdwp) with { TrainLimit = 128, TestLimit = 100 };
        var a = new Trainer(o).Run(train, test);
        var b = new Trainer(o).Run(train, test);
        Assert.Equal(Strip(a), Strip(b));
        var c = new Trainer(o with { Seed = 4 }).Run(train, test);
        Assert.NotEqual(Strip(a), Strip(c));
    }

    [Fact]
    public void The_network_learns_the_synthetic_classes()
    {
        var (train, test) = Synthetic();
        var r = new Trainer(Small(TrainingMethod.Dense) with { Epochs = 3, WarmupSteps = 0 }).Run(train, test);
        // blocky prototypes plus noise are separable: far above the 10% of chance, and the loss falls
        Assert.True(r.TestAccuracy > 0.6, $"accuracy {r.TestAccuracy}");
        Assert.True(r.Epochs[^1].TrainLoss < r.Epochs[0].TrainLoss);
    }

    [Fact]
    public void Bdwp_lenet5_sparse_mac_shares_match_the_layer_rule()
    {
        var (train, test) = Synthetic();
        var r = new Trainer(Small(TrainingMethod.Bdwp) with { TrainLimit = 64 }).Run(train, test);
        // LeNet-5 per image (28x28, pad 2): conv1 784*6*25 (dense, first layer), conv2 100*16*150 (FP: Cin 6 not
        // a multiple of 8 -> dense), fc1 400*120 (sparse), fc2 120*84 (sparse), fc3 84*10 (Cin 84 -> dense).
        double conv1 = 784 * 6 * 25, conv2 = 100 * 16 * 150, fc1 = 400 * 120, fc2 = 120 * 84, fc3 = 84 * 10;
        Assert.Equal((fc1 + fc2) / (conv1 + conv2 + fc1 + fc2 + fc3), r.SparseShare(Stage.FP), 6);
        // BP (conv1 skipped): conv2 Cout 16 sparse, fc1 Cout 120 sparse, fc2 Cout 84 dense, fc3 Cout 10 dense.
        // conv2 BP is the transposed convolution SAT runs (stride 1, one phase): M = 14*14 input pixels,
        // N = Cin 6, K = Cout 16 * 25 taps.
        double conv2Bp = 14 * 14 * 6 * (16 * 25);
        Assert.Equal((conv2Bp + fc1) / (conv2Bp + fc1 + fc2 + fc3), r.SparseShare(Stage.BP), 6);
        Assert.Equal(0, r.SparseShare(Stage.WG));
    }

    [Fact]
    public void Layer_selection_restricts_sparsification()
    {
        var (train, test) = Synthetic();
        var r = new Trainer(Small(TrainingMethod.Bdwp) with { TrainLimit = 32, SparseLayers = new HashSet<string> { "fc1" } }).Run(train, test);
        double conv1 = 784 * 6 * 25, conv2 = 100 * 16 * 150, fc1 = 400 * 120, fc2 = 120 * 84, fc3 = 84 * 10;
        Assert.Equal(fc1 / (conv1 + conv2 + fc1 + fc2 + fc3), r.SparseShare(Stage.FP), 6);
        double conv2Bp = 14 * 14 * 6 * (16 * 25); // transposed convolution: input pixels x Cin x (Cout x taps)
        Assert.Equal(fc1 / (conv2Bp + fc1 + fc2 + fc3), r.SparseShare(Stage.BP), 6);
    }

    [Theory]
    [InlineData("resnet9", 32)]
    [InlineData("vit-cifar", 32)]
    [InlineData("mlp", 28)]
    public void Zoo_models_build_and_produce_logits(string name, int size)
    {
        var model = ModelZoo.Create(name);
        var built = NetworkBuilder.Build(model, SparsityConfig.Dense, 1);
        Assert.Equal(model.Layers.Sum(l => l.ParameterCount), built.Network.Parameters().Sum(p => (long)p.Value.Length));
        if (name != "vit-cifar")
        {
            var x = GradCheck.Random(new Rng(1), 1f, 2, model.InputShape[0], size, size);
            var y = built.Network.Forward(x, new RunContext());
            Assert.Equal(new[] { 2, 10 }, y.Shape);
            Assert.All(y.Data.Take(y.Length), v => Assert.True(float.IsFinite(v)));
        }
    }

    [Fact]
    public void Residual_graph_backward_matches_finite_differences()
    {
        // a two-branch graph through the model description: conv -> relu -> (conv) + skip
        var b = new ModelBuilder("tiny", new TensorShape(2, 5, 5));
        var first = b.Conv("c1", ModelGraph.InputName, 4, 3, padding: 1, bias: true);
        b.Relu("r1", first);
        b.Conv("c2", b.Last, 4, 3, padding: 1, bias: true);
        b.Add(new Add("add", first, b.Last));
        b.Add(new Flatten("flat", b.Last));
        b.Linear("fc", b.Last, 3);
        var graph = b.BuildWithLoss(3);
        var net = NetworkBuilder.Build(graph, SparsityConfig.Dense, 5).Network;
        foreach (var w in net.Walk().OfType<WeightLayer>())
        {
            w.ComputeInputGradient = true; // the check differentiates w.r.t. the model input too
        }
        GradCheck.Check(net, GradCheck.Random(new Rng(7), 1f, 2, 2, 5, 5), eps: 5e-3f, atol: 5e-3);
    }

    [Fact]
    public void Fp16_training_runs_with_loss_scaling_and_stays_close_to_fp32()
    {
        var (train, test) = Synthetic();
        var fp32 = new Trainer(Small(TrainingMethod.Bdwp)).Run(train, test);
        var fp16 = new Trainer(Small(TrainingMethod.Bdwp) with { Precision = Precision.FP16 }).Run(train, test);
        Assert.NotEqual(fp32.Epochs[0].TrainLoss, fp16.Epochs[0].TrainLoss); // rounding really happened
        Assert.True(Math.Abs(fp32.TestAccuracy - fp16.TestAccuracy) < 0.15, $"{fp32.TestAccuracy} vs {fp16.TestAccuracy}");
    }

    [Fact]
    public void Op_log_lines_carry_shape_and_sparsity()
    {
        var op = LayerOp.Gemm("fc1", Stage.FP, "linear", 64, 120, 400, 1, new NmPattern(2, 8), GemmOperand.B, WeightDimension.InputChannels, 4);
        var line = OpLogWriter.ToJsonLine(0, op);
        Assert.Contains("\"m\":64,\"n\":120,\"k\":400", line);
        Assert.Contains("\"sparsity\":\"2:8\"", line);
        // effective MACs by hand: 64 * 120 * (400 / 8 * 2)
        Assert.Contains("\"effective_macs\":768000", line);
    }

    [Fact]
    public void Gradient_check_catches_a_wrong_backward()
    {
        var rng = new Rng(1);
        Assert.ThrowsAny<Exception>(() => GradCheck.Check(new WrongScale(), GradCheck.Random(rng, 1f, 3, 4)));
    }

    private sealed class WrongScale : Layer
    {
        private Tensor? _y, _dx;

        public override Tensor Forward(Tensor x, RunContext ctx)
        {
            var y = Tensor.Ensure(ref _y, x.Shape.ToArray());
            for (var i = 0; i < x.Length; i++) y.Data[i] = 2 * x.Data[i];
            return y;
        }

        public override Tensor Backward(Tensor dy, RunContext ctx)
        {
            var dx = Tensor.Ensure(ref _dx, dy.Shape.ToArray());
            for (var i = 0; i < dy.Length; i++) dx.Data[i] = 1.9f * dy.Data[i];
            return dx;
        }
    }
}
