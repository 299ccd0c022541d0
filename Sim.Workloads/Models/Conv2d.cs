namespace Sim.Workloads.Models;

/// <summary>
/// 2-D convolution (groups = 1) on a C x H x W input; weight Cout x Cin x K x K. Its GEMMs are where N:M
/// sparsity applies: FP groups the weight along Cin, BP along Cout (SAT.md).
/// </summary>
public sealed record Conv2d(string Name, string Input, int InChannels, int OutChannels, int Kernel, int Stride = 1, int Padding = 0, bool Bias = false)
    : Layer(Name, [Input])
{
    public override string Kind => "conv2d";

    public override void Validate()
    {
        Require(InChannels >= 1 && OutChannels >= 1, "expects channel counts >= 1");
        Require(Kernel >= 1 && Stride >= 1 && Padding >= 0, "expects kernel >= 1, stride >= 1, padding >= 0");
    }

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        var x = ExpectRank(inputs, 3, "C x H x W");
        Require(x.Channels == InChannels, $"expects {InChannels} input channels, got shape {x}");
        return new TensorShape(OutChannels, Window(x.Height, Kernel, Stride, Padding, "height"), Window(x.Width, Kernel, Stride, Padding, "width"));
    }

    public override IReadOnlyList<ParameterSpec> Parameters =>
        Bias
            ? [new("weight", new TensorShape(OutChannels, InChannels, Kernel, Kernel), IsPrunable: true), new("bias", new TensorShape(OutChannels))]
            : [new("weight", new TensorShape(OutChannels, InChannels, Kernel, Kernel), IsPrunable: true)];

    public override long ForwardMacs(IReadOnlyList<TensorShape> inputs, TensorShape output) =>
        (long)output.Height * output.Width * OutChannels * InChannels * Kernel * Kernel;
}
