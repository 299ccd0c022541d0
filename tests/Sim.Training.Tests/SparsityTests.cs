using Sim.Vocabulary;
using Sim.Training.Gemm;
using Sim.Training.Layers;
using Sim.Training.Sparsity;
using Sim.Training.Tensors;
using Sim.Workloads.Lowering;

namespace Sim.Training.Tests;

public class SparsityTests
{
    [Fact]
    public void Keeps_top_n_magnitudes_per_group_with_ties_to_the_lower_index()
    {
        // linear 1 x 8, 2:4 along Cin: groups [0.1,-3,2,0.5] and [1,1,1,-1]
        float[] w = [0.1f, -3f, 2f, 0.5f, 1f, 1f, 1f, -1f];
        var mask = new byte[8];
        NmMask.Generate(w, 1, 8, 1, new NmPattern(2, 4), GroupAxis.Cin, mask);
        Assert.Equal(new byte[] { 0, 1, 1, 0, 1, 1, 0, 0 }, mask);
    }

    [Fact]
    public void Conv_fp_masks_group_along_cin_and_bp_masks_along_cout()
    {
        // (Cout=4, Cin=4, 1x2): value = distinct magnitudes; check by hand-computed positions
        int cout = 4, cin = 4, area = 2;
        var w = new float[cout * cin * area];
        for (var co = 0; co < cout; co++)
            for (var ci = 0; ci < cin; ci++)
                for (var f = 0; f < area; f++)
                    w[(co * cin + ci) * area + f] = (f == 0 ? 1 : -1) * (co * 10 + ci + 1); // |w| grows with co and ci
        var fp = new byte[w.Length];
        var bp = new byte[w.Length];
        var p = new NmPattern(1, 4);
        NmMask.Generate(w, cout, cin, area, p, GroupAxis.Cin, fp);
        NmMask.Generate(w, cout, cin, area, p, GroupAxis.Cout, bp);
        for (var co = 0; co < cout; co++)
            for (var ci = 0; ci < cin; ci++)
                for (var f = 0; f < area; f++)
                {
                    var i = (co * cin + ci) * area + f;
                    Assert.Equal(ci == 3 ? 1 : 0, fp[i]); // largest |w| along Cin at fixed (co, f) is ci = 3
                    Assert.Equal(co == 3 ? 1 : 0, bp[i]); // largest along Cout at fixed (ci, f) is co = 3
                }
        var masked = new float[w.Length];
        NmMask.Apply(w, fp, masked);
        Assert.True(NmMask.Satisfies(masked, cout, cin, area, p, GroupAxis.Cin));
        Assert.False(NmMask.Satisfies(masked, cout, cin, area, p, GroupAxis.Cout));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(2, 8)]
    [InlineData(1, 8)]
    [InlineData(4, 16)]
    public void Every_group_keeps_exactly_n(int n, int m)
    {
        var rng = new Rng((ulong)(n * 100 + m));
        int cout = 2 * m, cin = 3 * m, area = 9;
        var w = new float[cout * cin * area];
        for (var i = 0; i < w.Length; i++) w[i] = rng.Uniform(-1, 1);
        foreach (var axis in new[] { GroupAxis.Cin, GroupAxis.Cout })
        {
            var mask = new byte[w.Length];
            NmMask.Generate(w, cout, cin, area, new NmPattern(n, m), axis, mask);
            Assert.Equal(w.Length / m * n, mask.Sum(b => b));
            var masked = new float[w.Length];
            NmMask.Apply(w, mask, masked);
            Assert.True(NmMask.Satisfies(masked, cout, cin, area, new NmPattern(n, m), axis));
            // kept weights dominate pruned ones within each group: min kept >= max pruned
            var stride = axis == GroupAxis.Cin ? area : cin * area;
            var start = 0; // first group of the first fixed index
            var kept = Enumerable.Range(0, m).Where(i => mask[start + i * stride] == 1).Select(i => Math.Abs(w[start + i * stride])).Min();
            var pruned = Enumerable.Range(0, m).Where(i => mask[start + i * stride] == 0).Select(i => Math.Abs(w[start + i * stride])).DefaultIfEmpty(0).Max();
            Assert.True(kept >= pruned);
        }
    }

    /// <summary>The selection NmMask documents, one group at a time: keep times the largest |w| not yet kept, lowest index on ties, NaN only while nothing was kept in the round.</summary>
    private static byte[] NaiveMask(float[] w, int cout, int cin, int area, int n, int m, GroupAxis axis)
    {
        var mask = new byte[w.Length];
        var len = axis == GroupAxis.Cin ? cin : cout;
        for (var co = 0; co < (axis == GroupAxis.Cin ? cout : 1); co++)
            for (var f = 0; f < (axis == GroupAxis.Cin ? area : cin * area); f++)
                for (var g0 = 0; g0 < len; g0 += m)
                {
                    var size = Math.Min(m, len - g0);
                    int Pos(int i) => axis == GroupAxis.Cin ? (co * cin + g0 + i) * area + f : (g0 + i) * cin * area + f;
                    for (var s = 0; s < Math.Min(n, size); s++)
                    {
                        int best = -1;
                        var bestMag = -1f;
                        for (var i = 0; i < size; i++)
                        {
                            if (mask[Pos(i)] != 0) continue;
                            var mag = Math.Abs(w[Pos(i)]);
                            if (mag > bestMag || (float.IsNaN(mag) && best < 0)) { bestMag = mag; best = i; }
                        }
                        mask[Pos(best)] = 1;
                    }
                }
        return mask;
    }

    [Theory]
    [InlineData(13, 400, 1, 2, 8)]  // FP of a linear layer: contiguous groups, 8 rows transposed at once, a partial block of 5 rows
    [InlineData(24, 16, 25, 2, 8)]  // conv: consecutive positions per lane along both axes
    [InlineData(10, 84, 1, 1, 4)]   // 1:4, trailing group shorter than M along Cin
    [InlineData(84, 120, 1, 2, 8)]  // LeNet-5's fc2 (Cout 84: a trailing 4-group along Cout)
    [InlineData(16, 24, 9, 4, 16)]
    public void Vector_selection_equals_the_documented_loop(int cout, int cin, int area, int n, int m)
    {
        var rng = new Rng((ulong)(cout * 31 + cin * 7 + area + n + m));
        var w = new float[cout * cin * area];
        for (var i = 0; i < w.Length; i++)
        {
            // coarse values: many ties; a few NaN, negative zeros and infinities
            w[i] = MathF.Round(rng.Uniform(-2, 2) * 4) / 4;
            var r = rng.Uniform(0, 1);
            if (r < 0.01f) w[i] = float.NaN;
            else if (r < 0.03f) w[i] = -0f;
            else if (r < 0.04f) w[i] = float.NegativeInfinity;
        }
        foreach (var axis in new[] { GroupAxis.Cin, GroupAxis.Cout })
        {
            var mask = new byte[w.Length];
            NmMask.Generate(w, cout, cin, area, new NmPattern(n, m), axis, mask);
            Assert.Equal(NaiveMask(w, cout, cin, area, n, m, axis), mask);
        }
    }

    [Fact]
    public void Decay_on_pruned_weights_equals_the_scalar_loop()
    {
        var rng = new Rng(17);
        var w = new float[203];
        var g = new float[203];
        var mask = new byte[203];
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = rng.Uniform(-3, 3);
            g[i] = rng.Uniform(-1, 1);
            mask[i] = rng.Uniform(0, 1) < 0.25f ? (byte)1 : (byte)0;
        }
        var expect = (float[])g.Clone();
        for (var i = 0; i < w.Length; i++)
        {
            if (mask[i] == 0) expect[i] += 3e-4f * w[i];
        }
        NmMask.AddWherePruned(w, mask, 3e-4f, g);
        Assert.Equal(expect.Select(BitConverter.SingleToInt32Bits), g.Select(BitConverter.SingleToInt32Bits));
    }

    private static (Linear Layer, Tensor X, Tensor Dy) Setup(int seed)
    {
        var rng = new Rng((ulong)seed);
        var net = new Sequential(new Linear(16, 16, rng), new Linear(16, 16, rng));
        net.AssignNames("net");
        return ((Linear)net.Layers[1], GradCheck.Random(rng, 1f, 4, 16), GradCheck.Random(rng, 1f, 4, 16));
    }

    private static float[] Masked(Linear l, GroupAxis axis, NmPattern p)
    {
        var mask = new byte[l.Weight.Value.Length];
        NmMask.Generate(l.Weight.Value.Span, l.Cout, l.Cin, 1, p, axis, mask);
        var w = new float[mask.Length];
        NmMask.Apply(l.Weight.Value.Span, mask, w);
        return w;
    }

    [Theory]
    [InlineData(TrainingMethod.Dense)]
    [InlineData(TrainingMethod.Srste)]
    [InlineData(TrainingMethod.Bdwp)]
    public void Each_stage_uses_the_weights_its_method_prescribes(TrainingMethod method)
    {
        var p = new NmPattern(2, 8);
        var (layer, x, dy) = Setup(5);
        var model = new Sequential(layer);
        var controller = new SparsityController(model, new SparsityConfig(method, method == TrainingMethod.Dense ? NmPattern.Dense : p, sparsifyFirstLayer: true));
        controller.Prepare(Precision.FP32);
        var ctx = new RunContext();
        var y = layer.Forward(x, ctx).Clone();
        var dx = layer.Backward(dy, ctx).Clone();

        var dense = layer.Weight.Value.Data;
        var fpW = method == TrainingMethod.Dense ? dense : Masked(layer, GroupAxis.Cin, p);
        // BDWP: its own mask along Cout; SR-STE: the FP weights (the network is the sparse one, Zhou et al. 2021).
        var bpW = method switch
        {
            TrainingMethod.Bdwp => Masked(layer, GroupAxis.Cout, p),
            TrainingMethod.Srste => fpW,
            _ => dense,
        };

        // FP: Y = X W_fp^T + b exactly
        var yRef = new float[4 * 16];
        Sgemm.Multiply(false, true, 4, 16, 16, x.Span, 16, fpW, 16, yRef, 16);
        for (var i = 0; i < yRef.Length; i++) yRef[i] += layer.Bias!.Value.Data[i % 16];
        Assert.Equal(yRef, y.Data.Take(64).ToArray());
        // BP: dX = dY W_bp exactly
        var dxRef = new float[4 * 16];
        Sgemm.Multiply(false, false, 4, 16, 16, dy.Span, 16, bpW, 16, dxRef, 16);
        Assert.Equal(dxRef, dx.Data.Take(64).ToArray());
        // WG: dense, dW = dY^T X, no weight involved
        var dwRef = new float[16 * 16];
        Sgemm.Multiply(true, false, 16, 16, 4, dy.Span, 16, x.Span, 16, dwRef, 16);
        Assert.Equal(dwRef, layer.Weight.Grad.Data);
        // and the sparse operands really differ from dense ones
        if (method != TrainingMethod.Dense)
        {
            Assert.NotEqual(dense, fpW);
            Assert.Equal(16 * 16 / 4, fpW.Count(v => v != 0));
        }
        if (method == TrainingMethod.Bdwp)
        {
            Assert.Equal(16 * 16 / 4, bpW.Count(v => v != 0));
            Assert.NotEqual(fpW, bpW);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Srste_input_gradient_is_the_true_gradient_of_the_sparse_network(bool conv)
    {
        // SR-STE trains the sparse network, so dX must be the derivative of the sparse forward pass; checked
        // against central finite differences of L(x) = sum(layer(x) * g) with the masks held fixed.
        var rng = new Rng(11);
        Layer layer = conv ? new Conv2d(16, 16, 3, rng) : new Linear(16, 16, rng);
        var model = new Sequential(layer);
        model.AssignNames("");
        var controller = new SparsityController(model, new SparsityConfig(TrainingMethod.Srste, new NmPattern(1, 8), sparsifyFirstLayer: true));
        controller.Prepare(Precision.FP32);
        var x = conv ? GradCheck.Random(rng, 1f, 2, 16, 5, 5) : GradCheck.Random(rng, 1f, 4, 16);
        var ctx = new RunContext();
        var y = layer.Forward(x, ctx);
        var g = GradCheck.Random(rng, 1f, y.Shape.ToArray());
        var dx = layer.Backward(g, ctx).Clone();
        double Loss()
        {
            var yy = layer.Forward(x, new RunContext());
            double sum = 0;
            for (var i = 0; i < yy.Length; i++) sum += (double)yy.Data[i] * g.Data[i];
            return sum;
        }
        const float eps = 1e-2f;
        for (var k = 0; k < 40; k++)
        {
            var i = rng.NextInt(x.Length);
            var old = x.Data[i];
            x.Data[i] = old + eps;
            var lp = Loss();
            x.Data[i] = old - eps;
            var lm = Loss();
            x.Data[i] = old;
            var numeric = (lp - lm) / (2 * eps);
            Assert.True(Math.Abs(dx.Data[i] - numeric) <= 2e-3 + 1e-2 * Math.Abs(numeric), $"dx[{i}]: analytic {dx.Data[i]} vs numeric {numeric}");
        }
    }

    [Fact]
    public void Default_rule_keeps_first_layer_and_non_multiples_dense()
    {
        var rng = new Rng(1);
        var net = new Sequential(new Conv2d(8, 16, 3, rng), new Conv2d(16, 12, 3, rng), new Linear(12, 16, rng));
        net.AssignNames("");
        var plan = new SparsityController(net, new SparsityConfig(TrainingMethod.Bdwp, new NmPattern(2, 8))).Plan.ToList();
        Assert.Equal((false, false), (plan[0].FpSparse, plan[0].BpSparse)); // first layer
        Assert.Equal((true, false), (plan[1].FpSparse, plan[1].BpSparse)); // Cin 16 ok, Cout 12 not a multiple of 8
        Assert.Equal((false, true), (plan[2].FpSparse, plan[2].BpSparse)); // Cin 12 no, Cout 16 yes
        var srste = new SparsityController(net, new SparsityConfig(TrainingMethod.Srste, new NmPattern(2, 8))).Plan.ToList();
        Assert.All(srste, e => Assert.False(e.BpSparse));
    }

    [Fact]
    public void Srste_decay_adds_lambda_w_on_pruned_weights_only()
    {
        var (layer, _, _) = Setup(6);
        var model = new Sequential(layer);
        var c = new SparsityController(model, new SparsityConfig(TrainingMethod.Srste, new NmPattern(2, 8), decayLambda: 0.5f, sparsifyFirstLayer: true));
        c.Prepare(Precision.FP32);
        layer.Weight.Grad.Clear();
        c.AddDecay(1f);
        var mask = c.FpMask(layer)!;
        for (var i = 0; i < mask.Length; i++)
        {
            Assert.Equal(mask[i] == 1 ? 0f : 0.5f * layer.Weight.Value.Data[i], layer.Weight.Grad.Data[i]);
        }
    }

    [Fact]
    public void Rejects_sparse_method_with_dense_pattern()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SparsityConfig(TrainingMethod.Bdwp, NmPattern.Dense));
        Assert.Contains("N < M", ex.Message);
    }
}
