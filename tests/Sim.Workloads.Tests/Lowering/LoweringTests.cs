using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Workloads.Tests.Lowering;

public class LoweringTests
{
    private static ModelGraph OneConv(int stride, int padding = 1)
    {
        // input 16x8x8 -> 1x1 stem conv (so the tested conv has an input gradient) -> conv -> flatten -> linear -> loss
        var b = new ModelBuilder("t", new TensorShape(16, 8, 8));
        b.Conv("stem", ModelGraph.InputName, 16, 1);
        b.Conv("conv", "stem", 32, 3, stride, padding);
        b.Add(new Flatten("flatten", "conv"));
        b.Linear("fc", "flatten", 8);
        return b.BuildWithLoss(8);
    }

    private static List<LayerOp> Gemms(ModelGraph m, LoweringOptions o, string layer) =>
        IterationLowering.Lower(m, o).Where(op => op.Layer == layer && op.Kind == LayerOpKind.Gemm).ToList();

    [Fact]
    public void ConvStride1GemmDimsByHand()
    {
        var ops = Gemms(OneConv(1), new LoweringOptions { Batch = 2 }, "conv");
        // FP: M = B*Ho*Wo = 2*8*8, N = Cout = 32, K = Cin*3*3 = 144.
        var fp = Assert.Single(ops, o => o.Stage == Stage.FP);
        Assert.Equal((128L, 32L, 144L), (fp.M, fp.N, fp.K));
        // BP (transposed conv, stride 1): M = B*H*W = 128, N = Cin = 16, K = Cout*3*3 = 288.
        var bp = Assert.Single(ops, o => o.Stage == Stage.BP);
        Assert.Equal((128L, 16L, 288L), (bp.M, bp.N, bp.K));
        // WG: M = Cout = 32, N = Cin*3*3 = 144, K = B*Ho*Wo = 128.
        var wg = Assert.Single(ops, o => o.Stage == Stage.WG);
        Assert.Equal((32L, 144L, 128L), (wg.M, wg.N, wg.K));
        Assert.Equal(fp.DenseMacs, bp.DenseMacs);
        Assert.Equal(fp.DenseMacs, wg.DenseMacs);
        // Bytes, FP16 dense: A 128x144 + B 144x32 in, 128x32 out.
        Assert.Equal((128L * 144 + 144 * 32) * 2, fp.BytesIn);
        Assert.Equal(128L * 32 * 2, fp.BytesOut);
    }

    [Fact]
    public void StridedConvBackwardSplitsIntoFourPhasesWithFpMacs()
    {
        // 3x3, stride 2, pad 1 on 8x8 -> 4x4. Even input rows take kernel row 1 only (1 tap), odd rows take rows 0 and 2.
        var ops = Gemms(OneConv(2), new LoweringOptions { Batch = 2 }, "conv");
        var fp = Assert.Single(ops, o => o.Stage == Stage.FP);
        Assert.Equal((2L * 16, 32L, 144L), (fp.M, fp.N, fp.K));
        var bp = ops.Where(o => o.Stage == Stage.BP).ToList();
        Assert.Equal(4, bp.Count);
        Assert.All(bp, o => Assert.Equal((2L * 4 * 4, 16L), (o.M, o.N)));
        Assert.Equal([32L * 1, 32L * 2, 32L * 2, 32L * 4], bp.Select(o => o.K).ToArray());
        Assert.Equal(fp.DenseMacs, bp.Sum(o => o.DenseMacs));
    }

    [Fact]
    public void BdwpSparsityDimensionsAndFirstLayerDense()
    {
        var ops = IterationLowering.Lower(OneConv(1), new LoweringOptions { Batch = 1, Method = TrainingMethod.Bdwp, Pattern = new(2, 8) }).ToList();
        // stem is the first weight layer: dense in every stage.
        Assert.All(ops.Where(o => o.Layer == "stem"), o => Assert.False(o.IsSparse));
        var conv = ops.Where(o => o.Layer == "conv" && o.Kind == LayerOpKind.Gemm).ToList();
        var fp = conv.Single(o => o.Stage == Stage.FP);
        Assert.True(fp.IsSparse);
        Assert.Equal((GemmOperand.B, WeightDimension.InputChannels), (fp.SparseOperand, fp.SparseAlong));
        var bp = conv.Single(o => o.Stage == Stage.BP);
        Assert.Equal((GemmOperand.B, WeightDimension.OutputChannels), (bp.SparseOperand, bp.SparseAlong));
        Assert.False(conv.Single(o => o.Stage == Stage.WG).IsSparse);
        // fc: 2048 -> 8: FP along In=2048 (multiple of 8) sparse; BP along Out=8 sparse.
        Assert.True(ops.Single(o => o.Layer == "fc" && o.Stage == Stage.FP && o.Kind == LayerOpKind.Gemm).IsSparse);
        // Kept MACs of the conv FP: K = 144 = 18 groups of 8 -> 36 kept.
        Assert.Equal(64L * 32 * 36, fp.EffectiveMacs); // M = 1*8*8
        // Compressed weight bytes: 36 kept x 32 cols x 2 B + 3-bit indices.
        Assert.Equal(64L * 144 * 2 + 36 * 32 * 2 + (36 * 32 * 3 + 7) / 8, fp.BytesIn);
        // Generation: conv (FP and BP masks) and fc (FP and BP masks), weights / 8 groups each.
        var gen = ops.Where(o => o.Kind == LayerOpKind.SparseGen).ToList();
        Assert.Equal(4, gen.Count);
        Assert.Equal(2 * 32 * 16 * 9 / 8 + 2 * 8 * 2048 / 8, gen.Sum(g => g.Groups));
        Assert.All(gen, g => Assert.Equal(Stage.Gen, g.Stage));
    }

    [Fact]
    public void SrsteIsSparseInFpOnlyAndDenseNeverSparse()
    {
        var srste = IterationLowering.Lower(OneConv(1), new LoweringOptions { Method = TrainingMethod.Srste }).ToList();
        Assert.All(srste.Where(o => o.IsSparse), o => Assert.Equal(Stage.FP, o.Stage));
        Assert.Contains(srste, o => o.IsSparse);
        Assert.All(srste.Where(o => o.Kind == LayerOpKind.SparseGen), o => Assert.Equal("nm_gen_fp", o.Op));
        var dense = IterationLowering.Lower(OneConv(1), new LoweringOptions { Method = TrainingMethod.Dense }).ToList();
        Assert.DoesNotContain(dense, o => o.IsSparse || o.Kind == LayerOpKind.SparseGen);
    }

    [Fact]
    public void NonMultipleGroupedDimensionStaysDense()
    {
        // 16 -> 12 channels: FP groups along Cin = 16 (multiple of 8, sparse), BP along Cout = 12 (not, dense).
        var b = new ModelBuilder("t", new TensorShape(16, 4, 4));
        b.Conv("a", ModelGraph.InputName, 16, 1);
        b.Conv("b", "a", 12, 1);
        b.Add(new Flatten("f", "b"));
        b.Linear("fc", "f", 10);
        var ops = Gemms(b.BuildWithLoss(10), new LoweringOptions { Method = TrainingMethod.Bdwp }, "b");
        Assert.True(ops.Single(o => o.Stage == Stage.FP).IsSparse);
        Assert.False(ops.Single(o => o.Stage == Stage.BP).IsSparse);
    }

    public static TheoryData<int, int> Patterns => new() { { 2, 8 }, { 1, 4 }, { 2, 4 }, { 1, 8 }, { 4, 16 } };

    [Theory]
    [MemberData(nameof(Patterns))]
    public void EffectiveMacRatioIsExactlyTwoNOverMPlusOneOverThree(int n, int m)
    {
        // Every conv is stride 1 with same padding and every grouped dimension a multiple of 16, so FP, BP and WG
        // cost the same and all of FP and BP become sparse (first layer sparse and input gradient on for that).
        var b = new ModelBuilder("eq", new TensorShape(16, 8, 8));
        b.Conv("c1", ModelGraph.InputName, 32, 3, 1, 1);
        b.Relu("r1", "c1");
        b.Conv("c2", "r1", 32, 3, 1, 1);
        b.BatchNorm("bn", "c2");
        b.Add(new Add("res", "bn", "r1"));
        b.Conv("c3", "res", 16, 1);
        b.Add(new Flatten("f", "c3"));
        b.Linear("fc", "f", 16);
        var model = b.BuildWithLoss(16);
        var options = new LoweringOptions { Batch = 3, Method = TrainingMethod.Bdwp, Pattern = new(n, m), DenseFirstLayer = false, InputGradient = true };
        var s = StageSummary.Of(model, options);
        Assert.Equal(s.Fp.DenseMacs, s.Bp.DenseMacs);
        Assert.Equal(s.Fp.DenseMacs, s.Wg.DenseMacs);
        long dense = s.Fp.DenseMacs + s.Bp.DenseMacs + s.Wg.DenseMacs;
        long effective = s.Fp.EffectiveMacs + s.Bp.EffectiveMacs + s.Wg.EffectiveMacs;
        // effective / dense == (2N/M + 1) / 3  <=>  3 M effective == (2N + M) dense, in integers.
        Assert.Equal((2L * n + m) * dense, 3L * m * effective);
        // SR-STE on the same model: (N/M + 2) / 3.
        var sr = StageSummary.Of(model, options with { Method = TrainingMethod.Srste });
        Assert.Equal((n + 2L * m) * dense, 3L * m * (sr.Fp.EffectiveMacs + sr.Bp.EffectiveMacs + sr.Wg.EffectiveMacs));
    }

    [Fact]
    public void FirstLayerInputGradientIsSkippedByDefault()
    {
        var ops = IterationLowering.Lower(ModelZoo.Create("resnet18-imagenet"), new LoweringOptions()).ToList();
        Assert.DoesNotContain(ops, o => o.Layer == "conv1" && o.Stage == Stage.BP);
        Assert.Contains(ops, o => o.Layer == "conv1" && o.Stage == Stage.WG);
        // FP dense MACs per sample equal the model's forward MACs (torchvision figure).
        Assert.Equal(ModelZoo.Create("resnet18-imagenet").ForwardMacsPerSample, ops.Where(o => o.Stage == Stage.FP).Sum(o => o.DenseMacs));
    }

    [Fact]
    public void AttentionOnlyWeightGemmsAreSparse()
    {
        var model = ModelZoo.Create("vit-cifar");
        var ops = IterationLowering.Lower(model, new LoweringOptions { Batch = 2, Method = TrainingMethod.Bdwp }).Where(o => o.Layer == "blocks.0.attn").ToList();
        Assert.All(ops.Where(o => o.Op is "qk" or "av" or "av_bp_a" or "av_bp_v" or "qk_bp_q" or "qk_bp_k"), o => Assert.False(o.IsSparse));
        Assert.All(ops.Where(o => o.Op is "qkv" or "proj" or "qkv_bp" or "proj_bp"), o => Assert.True(o.IsSparse));
        var qk = ops.Single(o => o.Op == "qk");
        // T = 65 tokens, head dim 64, batch 2 x 3 heads.
        Assert.Equal((65L, 65L, 64L, 6L), (qk.M, qk.N, qk.K, qk.Count));
        // FP MACs of the lowering equal the model's MAC count (timm convention) times the batch.
        var fp = IterationLowering.Lower(model, new LoweringOptions { Batch = 2 }).Where(o => o.Stage == Stage.FP).Sum(o => o.DenseMacs);
        Assert.Equal(2 * model.ForwardMacsPerSample, fp);
    }

    [Fact]
    public void WeightUpdateCoversEveryParameter()
    {
        var model = ModelZoo.Create("resnet9");
        var wu = IterationLowering.Lower(model, new LoweringOptions()).Where(o => o.Stage == Stage.WU).ToList();
        Assert.Equal(model.ParameterCount, wu.Sum(o => o.Elements));
        Assert.All(wu, o => Assert.Equal("sgd_momentum", o.Op));
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        var model = ModelZoo.Create("mlp");
        Assert.Throws<ArgumentException>(() => IterationLowering.Lower(model, new LoweringOptions { Batch = 0 }));
        Assert.Throws<ArgumentException>(() => IterationLowering.Lower(model, new LoweringOptions { Method = TrainingMethod.Bdwp, Pattern = new(4, 4) }));
        Assert.Throws<FormatException>(() => TrainingMethods.Parse("sparse"));
    }
}
