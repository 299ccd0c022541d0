using Sim.Training.Layers;
using Sim.Training.Models;
using Sim.Training.Sparsity;
using Sim.Training.Tensors;
using Sim.Workloads.Models;
using Layer = Sim.Training.Layers.Layer;
using ReLU = Sim.Training.Layers.ReLU;
using Conv2d = Sim.Workloads.Models.Conv2d;
using Flatten = Sim.Workloads.Models.Flatten;
using Add = Sim.Workloads.Models.Add;

namespace Sim.Training.Tests;

/// <summary>
/// ReLUs fused into the convolution before them (GraphNetwork.ActivationsFused): the same network with and without
/// the fusion gives the same logits, input gradient and parameter gradients, bit for bit, over two iterations.
/// </summary>
public class FusedActivationTests
{
    private static ModelGraph Strided()
    {
        // a stride-2 convolution (im2col path) with and without bias, a grouped one, each followed by a ReLU
        var b = new ModelBuilder("strided", new TensorShape(3, 9, 9));
        b.Relu("r1", b.Conv("c1", ModelGraph.InputName, 8, 3, stride: 2, padding: 1, bias: true));
        b.Relu("r2", b.Add(new Conv2d("dw", b.Last, 8, 8, 3, Stride: 2, Padding: 1, Bias: true, Groups: 8)));
        b.Relu("r3", b.Conv("c2", b.Last, 6, 1, bias: false));
        // the gradient gates fused into the layers reading a ReLU: a 2x2 pool of an odd-sized input (general path),
        // then a stride-1 3x3 convolution (direct path) reading a ReLU
        b.Add(new Sim.Workloads.Models.MaxPool2d("pool", b.Last, 2, 2));
        b.Relu("r4", b.Conv("c3", b.Relu("r3b", b.Conv("c2b", b.Last, 6, 1, bias: true)), 5, 3, padding: 1, bias: true));
        b.Add(new Flatten("flat", b.Last));
        b.Linear("fc", b.Last, 4);
        return b.BuildWithLoss(4);
    }

    public static TheoryData<string> Models => new() { "dwsep", "lenet5", "strided" };

    [Theory]
    [MemberData(nameof(Models))]
    public void Fused_and_unfused_networks_give_the_same_bits(string name)
    {
        var graph = name == "strided" ? Strided() : ModelZoo.Create(name);
        var fused = NetworkBuilder.Build(graph, SparsityConfig.Dense, 3).Network;
        var plain = NetworkBuilder.Build(graph, SparsityConfig.Dense, 3).Network;
        plain.ActivationsFused = false;
        Assert.True(fused.ActivationsFused);
        Assert.Contains(fused.Walk().OfType<ReLU>(), r => r.InputActivated);
        Assert.DoesNotContain(plain.Walk().OfType<ReLU>(), r => r.InputActivated);
        Assert.Contains(fused.Walk().OfType<ReLU>(), r => r.GradientGated);
        Assert.DoesNotContain(plain.Walk().OfType<ReLU>(), r => r.GradientGated);
        foreach (var net in new[] { fused, plain })
        {
            foreach (var w in net.Walk().OfType<WeightLayer>())
            {
                w.ComputeInputGradient = true;
                if (w.Bias is { } bias)
                {
                    for (var i = 0; i < bias.Value.Length; i++)
                    {
                        bias.Value.Data[i] = (i % 3 - 1) * 0.1f; // some negative pre-activations everywhere
                    }
                }
            }
        }
        var shape = graph.InputShape;
        for (var iteration = 0; iteration < 2; iteration++)
        {
            var rng = new Rng((ulong)(11 + iteration));
            var x = GradCheck.Random(rng, 1f, 9, shape[0], shape[1], shape[2]);
            var yf = fused.Forward(x, new RunContext { Training = true });
            var yp = plain.Forward(x, new RunContext { Training = true });
            Assert.Equal(Bits(yp.Span), Bits(yf.Span));
            var dy = GradCheck.Random(rng, 1f, [.. yf.Shape]);
            Assert.Equal(Bits(plain.Backward(dy, new RunContext { Training = true }).Span), Bits(fused.Backward(dy, new RunContext { Training = true }).Span));
        }
        var pf = fused.Parameters().ToList();
        var pp = plain.Parameters().ToList();
        for (var i = 0; i < pf.Count; i++)
        {
            Assert.Equal(Bits(pp[i].Grad.Span), Bits(pf[i].Grad.Span));
        }
    }

    [Fact]
    public void A_convolution_output_read_twice_keeps_its_relu()
    {
        var b = new ModelBuilder("residual", new TensorShape(2, 5, 5));
        var first = b.Conv("c1", ModelGraph.InputName, 4, 3, padding: 1, bias: true);
        b.Relu("r1", first);
        b.Conv("c2", b.Last, 4, 3, padding: 1, bias: true);
        b.Add(new Add("add", first, b.Last));
        b.Add(new Flatten("flat", b.Last));
        b.Linear("fc", b.Last, 3);
        var net = NetworkBuilder.Build(b.BuildWithLoss(3), SparsityConfig.Dense, 5).Network;
        Assert.DoesNotContain(net.Walk().OfType<ReLU>(), r => r.InputActivated);
        Assert.DoesNotContain(net.Walk().OfType<IReluFusable>(), c => c.FusedRelu);
    }

    private static int[] Bits(ReadOnlySpan<float> v)
    {
        var bits = new int[v.Length];
        for (var i = 0; i < v.Length; i++)
        {
            bits[i] = BitConverter.SingleToInt32Bits(v[i]);
        }
        return bits;
    }
}
