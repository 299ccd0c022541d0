namespace Sim.Workloads.Models;

/// <summary>Max pooling over K x K windows (floor mode, as PyTorch's default).</summary>
public sealed record MaxPool2d(string Name, string Input, int Kernel, int Stride, int Padding = 0) : Layer(Name, [Input])
{
    public override string Kind => "maxpool2d";

    public override void Validate() => Require(Kernel >= 1 && Stride >= 1 && Padding >= 0 && 2 * Padding <= Kernel, "expects kernel >= 1, stride >= 1, 0 <= padding <= kernel/2");

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        var x = ExpectRank(inputs, 3, "C x H x W");
        return new TensorShape(x.Channels, Window(x.Height, Kernel, Stride, Padding, "height"), Window(x.Width, Kernel, Stride, Padding, "width"));
    }
}
