namespace Sim.Workloads.Models;

/// <summary>Inverted dropout with drop probability <see cref="P"/> in training, identity in eval.</summary>
public sealed record Dropout(string Name, string Input, double P = 0.5) : Layer(Name, [Input])
{
    public override string Kind => "dropout";

    public override void Validate() => Require(P is >= 0 and < 1, "expects 0 <= p < 1");

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 1);
        return inputs[0];
    }
}
