namespace Sim.Workloads.Models;

/// <summary>
/// Adds a learned tensor of the sample's shape to every sample (a learned position embedding, timm's
/// pos_embed): element-wise work, Shape.Elements trainable parameters, not prunable.
/// </summary>
public sealed record AddParameter(string Name, string Input, TensorShape Shape) : Layer(Name, [Input])
{
    public override string Kind => "add_param";

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 1);
        Require(inputs[0] == Shape, $"expects shape {Shape}, got {inputs[0]}");
        return Shape;
    }

    public override IReadOnlyList<ParameterSpec> Parameters => [new("weight", Shape)];
}
