namespace Sim.Workloads.Models;

/// <summary>Gaussian error linear unit (exact erf form, as timm's ViT MLP uses), element-wise.</summary>
public sealed record Gelu(string Name, string Input) : Layer(Name, [Input])
{
    public override string Kind => "gelu";

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 1);
        return inputs[0];
    }
}
