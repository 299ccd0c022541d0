using Sim.Training.Layers;
using Sim.Training.Tensors;

namespace Sim.Training.Tests;

public class LayerGradientTests
{
    private static Tensor Away(Tensor t, float gap)
    {
        // keep values away from 0 so ReLU kinks are not crossed by the finite difference
        for (var i = 0; i < t.Length; i++)
        {
            t.Data[i] = t.Data[i] >= 0 ? t.Data[i] + gap : t.Data[i] - gap;
        }
        return t;
    }

    [Fact]
    public void Linear_backward_matches_finite_differences()
    {
        var rng = new Rng(1);
        GradCheck.Check(new Linear(12, 7, rng) { Name = "fc" }, GradCheck.Random(rng, 1f, 5, 12));
    }

    [Fact]
    public void Linear_on_token_sequences_matches_finite_differences()
    {
        var rng = new Rng(2);
        GradCheck.Check(new Linear(8, 6, rng), GradCheck.Random(rng, 1f, 2, 3, 8));
    }

    [Theory]
    [InlineData(1, 0, 3)]
    [InlineData(2, 1, 3)]
    [InlineData(1, 2, 5)]
    public void Conv2d_backward_matches_finite_differences(int stride, int padding, int kernel)
    {
        var rng = new Rng(3);
        GradCheck.Check(new Conv2d(3, 4, kernel, rng, stride, padding), GradCheck.Random(rng, 1f, 2, 3, 7, 7));
    }

    [Fact]
    public void BatchNorm2d_training_backward_matches_finite_differences()
    {
        var rng = new Rng(4);
        var bn = new BatchNorm2d(3);
        for (var i = 0; i < 3; i++)
        {
            bn.Gamma.Value.Data[i] = 0.5f + i;
            bn.Beta.Value.Data[i] = 0.1f * i;
        }
        GradCheck.Check(bn, GradCheck.Random(rng, 2f, 4, 3, 3, 3), eps: 1e-2f, atol: 3e-3);
    }

    [Fact]
    public void BatchNorm2d_eval_backward_matches_finite_differences()
    {
        var rng = new Rng(5);
        var bn = new BatchNorm2d(2);
        bn.RunningMean[0] = 0.3f;
        bn.RunningVar[1] = 2.5f;
        bn.Gamma.Value.Data[1] = 1.7f;
        GradCheck.Check(bn, GradCheck.Random(rng, 1f, 3, 2, 2, 2), training: false);
    }

    [Fact]
    public void ReLU_and_GELU_backward_match_finite_differences()
    {
        var rng = new Rng(6);
        GradCheck.Check(new ReLU(), Away(GradCheck.Random(rng, 1f, 3, 10), 0.05f), eps: 1e-3f);
        GradCheck.Check(new GELU(), GradCheck.Random(rng, 1.5f, 3, 10), eps: 1e-3f);
    }

    [Fact]
    public void Pools_backward_match_finite_differences()
    {
        var rng = new Rng(7);
        // distinct values spaced >= 0.01 apart so the max never switches under a 1e-3 step
        var x = new Tensor(2, 2, 6, 6);
        var perm = Enumerable.Range(0, x.Length).ToArray();
        rng.Shuffle(perm);
        for (var i = 0; i < x.Length; i++)
        {
            x.Data[i] = perm[i] * 0.01f;
        }
        GradCheck.Check(new MaxPool2d(2), x, eps: 1e-3f);
        GradCheck.Check(new MaxPool2d(3, 2, 1), x, eps: 1e-3f);
        GradCheck.Check(new AvgPool2d(2), GradCheck.Random(rng, 1f, 2, 2, 6, 6));
        GradCheck.Check(new GlobalAvgPool(), GradCheck.Random(rng, 1f, 2, 3, 4, 4));
    }

    [Fact]
    public void Residual_block_with_projection_shortcut_matches_finite_differences()
    {
        var rng = new Rng(8);
        var block = new Residual(
            new Sequential(new Conv2d(2, 4, 3, rng, 2, 1), new BatchNorm2d(4), new ReLU(), new Conv2d(4, 4, 3, rng, 1, 1)),
            new Sequential(new Conv2d(2, 4, 1, rng, 2, 0)));
        block.AssignNames("block");
        GradCheck.Check(block, GradCheck.Random(rng, 1f, 2, 2, 6, 6), eps: 5e-3f, atol: 5e-3);
    }

    [Fact]
    public void Flatten_and_dropout_backward_match_finite_differences()
    {
        var rng = new Rng(9);
        GradCheck.Check(new Sequential(new Flatten(), new Linear(18, 3, rng)), GradCheck.Random(rng, 1f, 2, 2, 3, 3));
        GradCheck.Check(new Dropout(0.4f), GradCheck.Random(rng, 1f, 4, 8));
    }

    [Fact]
    public void LayerNorm_backward_matches_finite_differences()
    {
        var rng = new Rng(10);
        var ln = new LayerNorm(6);
        for (var i = 0; i < 6; i++)
        {
            ln.Gamma.Value.Data[i] = 0.5f + 0.2f * i;
        }
        GradCheck.Check(ln, GradCheck.Random(rng, 1f, 2, 3, 6), atol: 3e-3);
    }

    [Fact]
    public void Attention_and_patch_embedding_backward_match_finite_differences()
    {
        var rng = new Rng(11);
        var mhsa = new MultiHeadSelfAttention(8, 2, rng);
        mhsa.AssignNames("attn");
        GradCheck.Check(mhsa, GradCheck.Random(rng, 1f, 2, 5, 8), eps: 5e-3f, atol: 3e-3);
        var pe = new PatchEmbed(2, 6, 2, 4, rng);
        pe.AssignNames("embed");
        GradCheck.Check(new Sequential(pe, new LayerNorm(6), new ClassTokenSelect()), GradCheck.Random(rng, 1f, 2, 2, 4, 4), atol: 3e-3);
    }

    [Fact]
    public void Softmax_cross_entropy_gradient_matches_finite_differences_and_closed_form()
    {
        var rng = new Rng(12);
        var logits = GradCheck.Random(rng, 2f, 3, 5);
        int[] labels = [1, 4, 0];
        var ce = new SoftmaxCrossEntropy();
        var loss = ce.Compute(logits, labels, 1f, out var grad, out _);
        var g = grad.Clone();
        // closed form on uniform logits: loss = ln(C)
        var uniform = new Tensor(2, 5);
        Assert.Equal(Math.Log(5), new SoftmaxCrossEntropy().Compute(uniform, [0, 3], 1f, out _, out _), 6);
        for (var i = 0; i < logits.Length; i++)
        {
            var old = logits.Data[i];
            logits.Data[i] = old + 1e-2f;
            var lp = ce.Compute(logits, labels, 1f, out _, out _);
            logits.Data[i] = old - 1e-2f;
            var lm = ce.Compute(logits, labels, 1f, out _, out _);
            logits.Data[i] = old;
            Assert.Equal((lp - lm) / 2e-2, g.Data[i], 3e-3);
        }
        Assert.True(loss > 0);
    }
}
