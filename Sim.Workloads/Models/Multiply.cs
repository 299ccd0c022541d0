namespace Sim.Workloads.Models;

/// <summary>Element-wise product of two same-shaped activations (gates in imported models); vector-engine work, no parameters.</summary>
public sealed record Multiply(string Name, string Left, string Right) : Layer(Name, [Left, Right])
{
    public override string Kind => "mul";

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 2);
        Require(inputs[0] == inputs[1], $"expects equal shapes, got {inputs[0]} and {inputs[1]}");
        return inputs[0];
    }
}
