namespace Sim.Workloads.Models;

/// <summary>Reshapes a sample to a feature vector (a view: no data movement, no operation).</summary>
public sealed record Flatten(string Name, string Input) : Layer(Name, [Input])
{
    public override string Kind => "flatten";

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 1);
        return new TensorShape(checked((int)inputs[0].Elements));
    }
}
