using Sim.Training.Layers;
using Sim.Training.Tensors;
using ActivationFunction = Sim.Workloads.Models.ActivationFunction;

namespace Sim.Training.Tests;

/// <summary>Finite-difference checks of the trainable layers that imported (ONNX) networks add.</summary>
public class ImportedLayerGradientTests
{
    /// <summary>One input of a multi-input layer as a one-input layer (the others held fixed), for <see cref="GradCheck"/>.</summary>
    private sealed class OneOf(MultiInputLayer inner, Tensor[] fixedInputs, int which) : Layer
    {
        public override Tensor Forward(Tensor x, RunContext ctx)
        {
            var inputs = fixedInputs.ToArray();
            inputs[which] = x;
            return inner.Forward(inputs, ctx);
        }

        public override Tensor Backward(Tensor dy, RunContext ctx) => inner.BackwardAll(dy, ctx)[which];
    }

    private static void CheckEveryInput(MultiInputLayer layer, params Tensor[] inputs)
    {
        for (var i = 0; i < inputs.Length; i++)
        {
            GradCheck.Check(new OneOf(layer, inputs, i), inputs[i]);
        }
    }

    [Theory]
    [InlineData(4, 4, 4, 1, 1)] // depthwise
    [InlineData(4, 8, 2, 2, 1)] // two groups, stride 2
    [InlineData(4, 4, 1, 1, 2)] // dilation 2
    [InlineData(4, 8, 4, 2, 2)] // depthwise with channel multiplier 2, stride 2, dilation 2
    public void Grouped_conv_backward_matches_finite_differences(int cin, int cout, int groups, int stride, int dilation)
    {
        var rng = new Rng(11);
        var conv = new GroupedConv2d(cin, cout, 3, groups, rng, stride, dilation, dilation);
        GradCheck.Check(conv, GradCheck.Random(rng, 1f, 2, cin, 7, 7));
    }

    [Fact]
    public void Grouped_conv_with_one_group_equals_the_im2col_conv()
    {
        var rng = new Rng(12);
        var reference = new Conv2d(3, 5, 3, rng, 2, 1, bias: true);
        var grouped = new GroupedConv2d(3, 5, 3, 1, new Rng(99), 2, 1, 1, bias: true);
        reference.Weight.Value.Span.CopyTo(grouped.Weight.Value.Span);
        for (var i = 0; i < 5; i++)
        {
            reference.Bias!.Value.Data[i] = grouped.Bias!.Value.Data[i] = 0.1f * i;
        }
        var x = GradCheck.Random(rng, 1f, 2, 3, 9, 9);
        var a = reference.Forward(x, new RunContext()).Clone();
        var b = grouped.Forward(x, new RunContext());
        Assert.Equal(a.Shape, b.Shape);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a.Data[i] - b.Data[i]) < 1e-4f, $"{i}: {a.Data[i]} vs {b.Data[i]}");
        }
    }

    [Fact]
    public void Depthwise_conv_convolves_each_channel_with_its_own_kernel()
    {
        // by hand: channel c of a 2-channel 3x3 input, kernel of all (c + 1), valid padding -> (c + 1) * sum of the channel
        var conv = new GroupedConv2d(2, 2, 3, 2, new Rng(1), bias: false);
        for (var i = 0; i < 18; i++)
        {
            conv.Weight.Value.Data[i] = i < 9 ? 1f : 2f;
        }
        var x = new Tensor(1, 2, 3, 3);
        for (var i = 0; i < 18; i++)
        {
            x.Data[i] = i;
        }
        var y = conv.Forward(x, new RunContext());
        Assert.Equal(36f, y.Data[0]); // 0 + ... + 8
        Assert.Equal(2f * (9 + 17) * 9 / 2, y.Data[1]);
    }

    [Fact]
    public void Embedding_gradient_is_the_scatter_of_dy()
    {
        var rng = new Rng(13);
        var emb = new Sim.Training.Layers.Embedding(5, 3, rng) { Name = "e" };
        var ids = new Tensor(2, 4);
        int[] tokens = [0, 3, 3, 1, 4, 0, 2, 3];
        for (var i = 0; i < 8; i++)
        {
            ids.Data[i] = tokens[i];
        }
        var y = emb.Forward(ids, new RunContext()).Clone();
        for (var i = 0; i < 8; i++)
        {
            for (var d = 0; d < 3; d++)
            {
                Assert.Equal(emb.Table.Value.Data[tokens[i] * 3 + d], y.Data[i * 3 + d]);
            }
        }
        var g = GradCheck.Random(rng, 1f, 2, 4, 3);
        emb.Table.Grad.Clear();
        emb.Backward(g, new RunContext());
        // finite differences of L = sum(y * g) in every table entry
        for (var j = 0; j < 15; j++)
        {
            double Loss()
            {
                var yy = emb.Forward(ids, new RunContext());
                double s = 0;
                for (var i = 0; i < yy.Length; i++)
                {
                    s += yy.Data[i] * g.Data[i];
                }
                return s;
            }
            var old = emb.Table.Value.Data[j];
            emb.Table.Value.Data[j] = old + 0.01f;
            var lp = Loss();
            emb.Table.Value.Data[j] = old - 0.01f;
            var lm = Loss();
            emb.Table.Value.Data[j] = old;
            Assert.Equal((lp - lm) / 0.02, emb.Table.Grad.Data[j], 3);
        }
        ids.Data[5] = 7;
        Assert.Contains("0..4", Assert.Throws<ArgumentException>(() => emb.Forward(ids, new RunContext())).Message);
    }

    [Fact]
    public void Exact_gelu_values_and_gradient()
    {
        // Phi(1) = 0.8413447, Phi(-0.5) = 0.3085375 (standard normal table)
        Assert.Equal(0.8413447f, ErfGELU.Phi(1f), 5);
        Assert.Equal(-0.5f * 0.3085375f, -0.5f * ErfGELU.Phi(-0.5f), 5);
        Assert.Equal(0.5204999f, ErfGELU.Erf(0.5f), 5);
        var rng = new Rng(14);
        GradCheck.Check(new ErfGELU(), GradCheck.Random(rng, 2f, 3, 10));
    }

    [Theory]
    [InlineData(ActivationFunction.Sigmoid)]
    [InlineData(ActivationFunction.Tanh)]
    [InlineData(ActivationFunction.Clip)]
    public void Activations_match_finite_differences(ActivationFunction f)
    {
        var rng = new Rng(15);
        var x = GradCheck.Random(rng, 2f, 4, 9);
        for (var i = 0; i < x.Length; i++)
        {
            // keep clip inputs away from its corners at 0 and 1.5
            if (f == ActivationFunction.Clip && (MathF.Abs(x.Data[i]) < 0.05f || MathF.Abs(x.Data[i] - 1.5f) < 0.05f))
            {
                x.Data[i] += 0.2f;
            }
        }
        GradCheck.Check(new ElementwiseActivation(f, 0, 1.5f), x);
    }

    [Fact]
    public void Softmax_scale_transpose_and_parameter_add_match_finite_differences()
    {
        var rng = new Rng(16);
        GradCheck.Check(new Softmax(), GradCheck.Random(rng, 1f, 2, 3, 5));
        GradCheck.Check(new Scale(-0.35f), GradCheck.Random(rng, 1f, 2, 7));
        GradCheck.Check(new Transpose([1, 2, 0]), GradCheck.Random(rng, 1f, 2, 3, 4, 5));
        var add = new ParameterAdd([3, 4]) { Name = "pos" };
        add.AssignNames("pos");
        GradCheck.Check(add, GradCheck.Random(rng, 1f, 2, 3, 4));
    }

    [Fact]
    public void Transpose_moves_elements_as_specified()
    {
        var x = new Tensor(1, 2, 3);
        for (var i = 0; i < 6; i++)
        {
            x.Data[i] = i;
        }
        var y = new Transpose([1, 0]).Forward(x, new RunContext());
        Assert.Equal([1, 3, 2], y.Shape);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], y.Span.ToArray());
    }

    [Fact]
    public void Products_and_concatenation_match_finite_differences()
    {
        var rng = new Rng(17);
        CheckEveryInput(new BatchedMatMul(), GradCheck.Random(rng, 1f, 2, 3, 4, 5), GradCheck.Random(rng, 1f, 2, 3, 5, 2));
        CheckEveryInput(new Sim.Training.Layers.Multiply(), GradCheck.Random(rng, 1f, 2, 6), GradCheck.Random(rng, 1f, 2, 6));
        CheckEveryInput(new Sim.Training.Layers.Concat(0), GradCheck.Random(rng, 1f, 2, 2, 3, 3), GradCheck.Random(rng, 1f, 2, 3, 3, 3));
    }

    [Fact]
    public void Batched_matmul_by_hand()
    {
        var a = new Tensor(1, 1, 2, 2);
        var b = new Tensor(1, 1, 2, 2);
        float[] av = [1, 2, 3, 4], bv = [5, 6, 7, 8];
        av.CopyTo(a.Data, 0);
        bv.CopyTo(b.Data, 0);
        var y = new BatchedMatMul().Forward([a, b], new RunContext());
        Assert.Equal([19f, 22f, 43f, 50f], y.Span.ToArray());
    }
}
