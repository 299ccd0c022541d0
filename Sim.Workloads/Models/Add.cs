namespace Sim.Workloads.Models;

/// <summary>Element-wise sum of two same-shaped tensors: the residual connection of ResNets and transformers.</summary>
public sealed record Add(string Name, string Left, string Right) : Layer(Name, [Left, Right])
{
    public override string Kind => "add";

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 2);
        Require(inputs[0] == inputs[1], $"expects equal shapes, got {inputs[0]} and {inputs[1]}");
        return inputs[0];
    }
}
