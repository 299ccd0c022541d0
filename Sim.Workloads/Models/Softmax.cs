namespace Sim.Workloads.Models;

/// <summary>Softmax over the last dimension (attention scores of imported transformers); element-wise work on the vector engine.</summary>
public sealed record Softmax(string Name, string Input) : Layer(Name, [Input])
{
    public override string Kind => "softmax";

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 1);
        Require(inputs[0].Rank >= 1, "expects a tensor, got a scalar");
        return inputs[0];
    }
}
