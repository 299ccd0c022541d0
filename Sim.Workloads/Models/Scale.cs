namespace Sim.Workloads.Models;

/// <summary>Multiplies every element by a constant (attention's 1/sqrt(d) in imported graphs): element-wise, no parameters.</summary>
public sealed record Scale(string Name, string Input, double Factor) : Layer(Name, [Input])
{
    public override string Kind => "scale";

    public override void Validate() => Require(double.IsFinite(Factor), $"expects a finite factor, got {Factor}");

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 1);
        return inputs[0];
    }
}
