namespace Sim.Workloads.Models;

/// <summary>Gives a sample another shape with the same elements in the same order: a view, no data movement and no operation.</summary>
public sealed record Reshape(string Name, string Input, TensorShape Target) : Layer(Name, [Input])
{
    public override string Kind => "reshape";

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 1);
        Require(inputs[0].Elements == Target.Elements, $"expects {Target.Elements} elements per sample for shape {Target}, got shape {inputs[0]}");
        return Target;
    }
}
