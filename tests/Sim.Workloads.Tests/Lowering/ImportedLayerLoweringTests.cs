using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Workloads.Tests.Lowering;

/// <summary>Lowering of the layer kinds ONNX import adds (grouped, depthwise and dilated conv; activation products), by hand.</summary>
public class ImportedLayerLoweringTests
{
    private static readonly LoweringOptions Bdwp = new() { Batch = 2, Method = TrainingMethod.Bdwp, Pattern = new NmPattern(2, 8) };

    private static ModelGraph Convs(int groups, int dilation = 1, int cin = 16, int cout = 32)
    {
        var b = new ModelBuilder("t", new TensorShape(16, 8, 8));
        b.Conv("stem", ModelGraph.InputName, cin, 1);
        b.Add(new Conv2d("conv", "stem", cin, cout, 3, 1, dilation, Groups: groups, Dilation: dilation));
        b.Add(new Flatten("flatten", "conv"));
        b.Linear("fc", "flatten", 8);
        return b.BuildWithLoss(8);
    }

    private static List<LayerOp> Gemms(ModelGraph m, string layer) =>
        IterationLowering.Lower(m, Bdwp).Where(op => op.Layer == layer && op.Kind == LayerOpKind.Gemm).ToList();

    [Fact]
    public void Grouped_conv_is_one_gemm_per_group()
    {
        // 4 groups of 4 -> 8 channels: FP M = 2*8*8, N = 8, K = 4*9 = 36, Count 4; 36 is not a multiple of the
        // N:M group along Cin/g = 4 < 8, so FP stays dense; BP groups along Cout/g = 8, a multiple of 8: sparse.
        var m = Convs(groups: 4);
        Assert.Equal(8L * 8 * 32 * 4 * 9, m.ForwardMacsPerSample - 32L * 8 * 8 * 8 - 16 * 8 * 8 * 16);
        var ops = Gemms(m, "conv");
        var fp = Assert.Single(ops, o => o.Stage == Stage.FP);
        Assert.Equal((128L, 8L, 36L, 4L), (fp.M, fp.N, fp.K, fp.Count));
        Assert.False(fp.IsSparse);
        var bp = Assert.Single(ops, o => o.Stage == Stage.BP);
        Assert.Equal((128L, 4L, 72L, 4L), (bp.M, bp.N, bp.K, bp.Count));
        Assert.True(bp.IsSparse);
        var wg = Assert.Single(ops, o => o.Stage == Stage.WG);
        Assert.Equal((8L, 36L, 128L, 4L), (wg.M, wg.N, wg.K, wg.Count));
        Assert.Equal(fp.DenseMacs, wg.DenseMacs);
        Assert.Equal(fp.DenseMacs, bp.DenseMacs);
        Assert.Equal(32L * 4 * 9, m["conv"].ParameterCount);
    }

    [Fact]
    public void Depthwise_conv_is_dense_in_every_stage()
    {
        var m = Convs(groups: 16, cin: 16, cout: 16);
        var ops = Gemms(m, "conv");
        Assert.All(ops, o => Assert.False(o.IsSparse));
        var fp = Assert.Single(ops, o => o.Stage == Stage.FP);
        Assert.Equal((128L, 1L, 9L, 16L), (fp.M, fp.N, fp.K, fp.Count));
        Assert.DoesNotContain(IterationLowering.Lower(m, Bdwp), o => o.Layer == "conv" && o.Kind == LayerOpKind.SparseGen);
    }

    [Fact]
    public void Dilated_conv_keeps_the_size_and_all_taps()
    {
        // dilation 2, padding 2: extent 5, output 8x8; stride 1 has one BP phase with all 3x3 taps
        var m = Convs(groups: 1, dilation: 2);
        Assert.Equal(new TensorShape(32, 8, 8), m.OutputShape("conv"));
        var bp = Assert.Single(Gemms(m, "conv"), o => o.Stage == Stage.BP);
        Assert.Equal((128L, 16L, 32L * 9), (bp.M, bp.N, bp.K));
    }

    [Fact]
    public void Activation_products_are_dense_batched_gemms()
    {
        // tokens 4 x 8, split into 2 heads of 4: scores (2, 4, 4) = q (2, 4, 4) x k^T (2, 4, 4)
        var b = new ModelBuilder("t", new TensorShape(4, 8));
        b.Linear("q", ModelGraph.InputName, 8);
        b.Linear("k", ModelGraph.InputName, 8);
        b.Add(new Reshape("qh", "q", new TensorShape(4, 2, 4)));
        b.Add(new Transpose("qt", "qh", [1, 0, 2]));
        b.Add(new Reshape("kh", "k", new TensorShape(4, 2, 4)));
        b.Add(new Transpose("kt", "kh", [1, 2, 0]));
        b.Add(new MatMul("scores", "qt", "kt"));
        b.Add(new Softmax("softmax", "scores"));
        b.Add(new Flatten("flatten", "softmax"));
        b.Linear("head", "flatten", 3);
        var m = b.BuildWithLoss(3);
        Assert.Equal(new TensorShape(2, 4, 4), m.OutputShape("scores"));
        Assert.Equal(2L * 4 * 4 * 4, m["scores"].ForwardMacs(m.InputShapes("scores"), m.OutputShape("scores")));
        var ops = Gemms(m, "scores");
        Assert.All(ops, o => Assert.False(o.IsSparse));
        var fp = Assert.Single(ops, o => o.Stage == Stage.FP);
        Assert.Equal((4L, 4L, 4L, 4L), (fp.M, fp.N, fp.K, fp.Count)); // Count = batch 2 x heads 2
        Assert.Equal(2, ops.Count(o => o.Stage == Stage.BP));
        // the k projection (not the first weight layer, which stays dense) is N:M along its 8 inputs in FP under BDWP
        Assert.True(Assert.Single(Gemms(m, "k"), o => o.Stage == Stage.FP).IsSparse);
    }
}
