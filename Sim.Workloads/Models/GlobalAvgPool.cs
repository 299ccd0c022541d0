namespace Sim.Workloads.Models;

/// <summary>Averages each channel over H x W; output C x 1 x 1 (torchvision's AdaptiveAvgPool2d((1, 1))), followed by Flatten.</summary>
public sealed record GlobalAvgPool(string Name, string Input) : Layer(Name, [Input])
{
    public override string Kind => "globalavgpool";

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        var x = ExpectRank(inputs, 3, "C x H x W");
        return new TensorShape(x.Channels, 1, 1);
    }
}
