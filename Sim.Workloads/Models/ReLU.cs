namespace Sim.Workloads.Models;

/// <summary>Rectified linear unit, element-wise; runs on the vector engine.</summary>
public sealed record ReLU(string Name, string Input) : Layer(Name, [Input])
{
    public override string Kind => "relu";

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 1);
        return inputs[0];
    }
}
