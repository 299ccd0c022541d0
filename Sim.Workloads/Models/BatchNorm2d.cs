namespace Sim.Workloads.Models;

/// <summary>
/// Batch normalization over N, H, W per channel (training statistics in training, running ones in eval).
/// Trainable: gamma ("weight") and beta ("bias"); running mean/variance are buffers, not parameters, as in PyTorch.
/// </summary>
public sealed record BatchNorm2d(string Name, string Input, int Channels, double Epsilon = 1e-5, double Momentum = 0.1)
    : Layer(Name, [Input])
{
    public override string Kind => "batchnorm2d";

    public override void Validate() => Require(Channels >= 1 && Epsilon > 0 && Momentum is >= 0 and <= 1, "expects channels >= 1, epsilon > 0, 0 <= momentum <= 1");

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        var x = ExpectRank(inputs, 3, "C x H x W");
        Require(x.Channels == Channels, $"expects {Channels} channels, got shape {x}");
        return x;
    }

    public override IReadOnlyList<ParameterSpec> Parameters => [new("weight", new TensorShape(Channels)), new("bias", new TensorShape(Channels))];
}
