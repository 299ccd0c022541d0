using Sim.Vocabulary;
using Sim.Training.Data;
using Sim.Training.Engine;
using Sim.Training.Tensors;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Training.Tests;

/// <summary>
/// The functional engine's recorded operations against the workload compiler (which has its own MAC-count tests
/// against published model figures): every iteration the trainer runs must record exactly
/// <see cref="IterationLowering.Lower"/> of the same model, batch, method, N:M pattern and byte sizes, field by
/// field and in order, including a short last batch.
/// </summary>
public class RecordedOperationsTests
{
    private const int Batch = 3;

    /// <summary>Runs two iterations (a full batch of 3 and a last batch of 2) and returns each iteration's operations.</summary>
    private static (List<(long Iteration, List<LayerOp> Ops)> Iterations, TrainingResult Result) Record(TrainingOptions options, int channels, int size)
    {
        var data = SyntheticData.Create("synthetic", 2 * Batch + 2, channels, size, 10, seed: 5);
        var (train, test) = (data.Take(2 * Batch - 1), data.Slice(2 * Batch - 1, 2));
        var iterations = new List<(long, List<LayerOp>)>();
        var trainer = new Trainer(options with { Epochs = 1, Batch = Batch, EvalBatch = 2, WarmupSteps = 0 })
        {
            OnIterationOps = (i, ops) => iterations.Add((i, ops.ToList())),
        };
        var result = trainer.Run(train, test);
        return (iterations, result);
    }

    private static LoweringOptions Lowering(TrainingOptions o, int batch) => new LoweringOptions
    {
        Batch = batch,
        Method = o.Method,
        Pattern = o.Pattern,
        DenseFirstLayer = !o.SparsifyFirstLayer,
        SparseLayers = o.SparseLayers,
        OperandBytes = o.OperandBytes,
        MasterBytes = o.MasterBytes,
    }.EnsureValid();

    public static TheoryData<string, int, int, TrainingMethod> Cases()
    {
        var data = new TheoryData<string, int, int, TrainingMethod>();
        foreach (var method in new[] { TrainingMethod.Dense, TrainingMethod.Srste, TrainingMethod.Bdwp })
        {
            data.Add("mlp", 1, 28, method);      // at 2:4, since 300 and 100 features are no multiples of 8
            data.Add("lenet5", 1, 28, method);
            data.Add("resnet9", 3, 8, method);   // residual fan-in, strided max pools, BN; 8x8 keeps it fast
            data.Add("vit-cifar", 3, 8, method); // patch embedding (stride-4 conv), attention, layer norm, GELU; 5 tokens
        }
        // strided 3x3 convolutions (four BP phases each) and 1x1 stride-2 projection shortcuts, once
        data.Add("resnet18-cifar", 3, 8, TrainingMethod.Bdwp);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_recorded_iteration_equals_the_compilers_lowering(string model, int channels, int size, TrainingMethod method)
    {
        var pattern = model == "mlp" ? new NmPattern(2, 4) : new NmPattern(2, 8);
        var options = new TrainingOptions { Model = model, Method = method, Pattern = pattern, Seed = 2 };
        var (iterations, _) = Record(options, channels, size);
        Assert.Equal(2, iterations.Count);
        var graph = ModelZoo.Create(model, 10, size, channels);
        foreach (var (i, ops) in iterations)
        {
            var batch = i == 0 ? Batch : Batch - 1;
            var expected = IterationLowering.Lower(graph, Lowering(options, batch)).ToList();
            Assert.Equal(expected, ops);
        }
        // the stream really is the sparse one the method asks for: sparse GEMMs and generation exactly when not dense
        var first = iterations[0].Ops;
        Assert.Equal(method != TrainingMethod.Dense, first.Any(o => o.IsSparse));
        Assert.Equal(method == TrainingMethod.Bdwp, first.Any(o => o.IsSparse && o.Stage == Stage.BP));
        Assert.Equal(method != TrainingMethod.Dense, first.Any(o => o.Kind == LayerOpKind.SparseGen));
    }

    [Fact]
    public void Byte_sizes_are_the_accelerators_and_layer_restrictions_apply_to_the_recording()
    {
        // FP32 numerics costed as 4-byte operands and 8-byte masters, only fc1 sparse, first layer sparsified too
        var options = new TrainingOptions
        {
            Model = "lenet5", Method = TrainingMethod.Bdwp, Pattern = new NmPattern(1, 4), Seed = 2,
            OperandBytes = 4, MasterBytes = 8, SparseLayers = new HashSet<string> { "fc1" }, SparsifyFirstLayer = true,
        };
        var (iterations, _) = Record(options, 1, 28);
        var graph = ModelZoo.Create("lenet5", 10, 28, 1);
        Assert.Equal(IterationLowering.Lower(graph, Lowering(options, Batch)).ToList(), iterations[0].Ops);
        var ops = iterations[0].Ops;
        Assert.All(ops.Where(o => o.Kind == LayerOpKind.Gemm), o => Assert.Equal(4, o.ElementBytes));
        Assert.Equal(new[] { "fc1" }, ops.Where(o => o.IsSparse).Select(o => o.Layer).Distinct());
        // SGD on fc1: 400*120 weights + 120 biases, each read w, v, g and written w, v in 8 bytes
        var sgd = ops.Single(o => o.Layer == "fc1" && o.Stage == Stage.WU);
        Assert.Equal((400 * 120 + 120) * 3L * 8, sgd.BytesIn);
    }

    [Fact]
    public void Conv_bp_is_recorded_once_per_layer_as_the_transposed_convolution()
    {
        // resnet9 at 8x8, batch 3: prep.conv (3 -> 64, 3x3, pad 1) is the first layer and needs no BP; layer1.conv
        // (64 -> 128, stride 1) has one BP GEMM over all 3*8*8 input pixels, N = Cin 64, K = Cout 128 * 9 taps,
        // N:M-sparse along Cout for BDWP; its WG reduces over the 3*8*8 output pixels.
        var options = new TrainingOptions { Model = "resnet9", Method = TrainingMethod.Bdwp, Pattern = new NmPattern(2, 8), Seed = 2 };
        var ops = Record(options, 3, 8).Iterations[0].Ops;
        Assert.DoesNotContain(ops, o => o.Layer == "prep.conv" && o.Stage == Stage.BP);
        var bp = Assert.Single(ops, o => o.Layer == "layer1.conv" && o.Stage == Stage.BP && o.Kind == LayerOpKind.Gemm);
        Assert.Equal((3L * 8 * 8, 64L, 128L * 9), (bp.M, bp.N, bp.K));
        Assert.Equal((new NmPattern(2, 8), GemmOperand.B, WeightDimension.OutputChannels), (bp.Sparsity, bp.SparseOperand, bp.SparseAlong));
        var wg = Assert.Single(ops, o => o.Layer == "layer1.conv" && o.Stage == Stage.WG);
        Assert.Equal((128L, 64L * 9, 3L * 8 * 8), (wg.M, wg.N, wg.K));
        // order: all FP, then backward (BP before WG per layer), then per layer WU followed by its generation
        var lastFp = ops.FindLastIndex(o => o.Stage == Stage.FP);
        var firstWu = ops.FindIndex(o => o.Stage == Stage.WU);
        Assert.True(ops.IndexOf(bp) > lastFp && ops.IndexOf(wg) == ops.IndexOf(bp) + 1 && firstWu > ops.IndexOf(wg));
        var genFp = ops.FindIndex(o => o.Layer == "layer1.conv" && o.Op == "nm_gen_fp");
        Assert.True(genFp > firstWu && ops[genFp - 1] is { Layer: "layer1.conv", Stage: Stage.WU } && ops[genFp + 1].Op == "nm_gen_bp");
    }

    [Fact]
    public void A_step_skipped_on_fp16_overflow_records_no_update_and_no_generation()
    {
        // an initial loss scale far beyond FP16's range overflows the first step's gradients, so it is skipped
        var options = new TrainingOptions
        {
            Model = "lenet5", Method = TrainingMethod.Bdwp, Pattern = new NmPattern(2, 8), Seed = 2,
            Precision = Precision.FP16, LossScale = 1e30f,
        };
        var (iterations, result) = Record(options, 1, 28);
        Assert.True(result.Epochs[0].SkippedSteps >= 1);
        var graph = ModelZoo.Create("lenet5", 10, 28, 1);
        var lowered = IterationLowering.Lower(graph, Lowering(options, Batch)).ToList();
        Assert.Equal(lowered.Where(o => o.Stage is not (Stage.WU or Stage.Gen)).ToList(), iterations[0].Ops);
    }
}
