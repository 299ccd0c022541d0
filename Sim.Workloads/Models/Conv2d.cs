namespace Sim.Workloads.Models;

/// <summary>
/// 2-D convolution on a C x H x W input; weight Cout x (Cin / Groups) x K x K. Its GEMMs are where N:M
/// sparsity applies: FP groups the weight along Cin, BP along Cout (docs/sat.md). A grouped convolution
/// (<see cref="Groups"/> &gt; 1; depthwise when Groups = Cin) is Groups independent convolutions of Cin/Groups
/// to Cout/Groups channels, so the hardware runs it as that many small GEMMs. <see cref="Dilation"/> spaces
/// the kernel taps (effective extent Dilation * (K - 1) + 1).
/// </summary>
public sealed record Conv2d(string Name, string Input, int InChannels, int OutChannels, int Kernel, int Stride = 1, int Padding = 0, bool Bias = false,
    int Groups = 1, int Dilation = 1)
    : Layer(Name, [Input])
{
    public override string Kind => "conv2d";

    /// <summary>Input channels each group reads (Cin / Groups).</summary>
    public int GroupInChannels => InChannels / Groups;

    /// <summary>Output channels each group writes (Cout / Groups).</summary>
    public int GroupOutChannels => OutChannels / Groups;

    /// <summary>Extent of the dilated kernel: Dilation * (Kernel - 1) + 1.</summary>
    public int Extent => Dilation * (Kernel - 1) + 1;

    public override void Validate()
    {
        Require(InChannels >= 1 && OutChannels >= 1, "expects channel counts >= 1");
        Require(Kernel >= 1 && Stride >= 1 && Padding >= 0 && Dilation >= 1, "expects kernel >= 1, stride >= 1, padding >= 0, dilation >= 1");
        Require(Groups >= 1 && InChannels % Groups == 0 && OutChannels % Groups == 0,
            $"expects groups dividing both channel counts, got groups {Groups} for {InChannels} -> {OutChannels} channels");
    }

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        var x = ExpectRank(inputs, 3, "C x H x W");
        Require(x.Channels == InChannels, $"expects {InChannels} input channels, got shape {x}");
        return new TensorShape(OutChannels, Window(x.Height, Extent, Stride, Padding, "height"), Window(x.Width, Extent, Stride, Padding, "width"));
    }

    public override IReadOnlyList<ParameterSpec> Parameters =>
        Bias
            ? [new("weight", new TensorShape(OutChannels, GroupInChannels, Kernel, Kernel), IsPrunable: true), new("bias", new TensorShape(OutChannels))]
            : [new("weight", new TensorShape(OutChannels, GroupInChannels, Kernel, Kernel), IsPrunable: true)];

    public override long ForwardMacs(IReadOnlyList<TensorShape> inputs, TensorShape output) =>
        (long)output.Height * output.Width * OutChannels * GroupInChannels * Kernel * Kernel;
}
