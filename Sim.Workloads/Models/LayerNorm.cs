namespace Sim.Workloads.Models;

/// <summary>Layer normalization over the last dimension (transformer blocks); gamma and beta of size Dim.</summary>
public sealed record LayerNorm(string Name, string Input, int Dim, double Epsilon = 1e-6)
    : Layer(Name, [Input])
{
    public override string Kind => "layernorm";

    public override void Validate() => Require(Dim >= 1 && Epsilon > 0, "expects dim >= 1 and epsilon > 0");

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 1);
        Require(inputs[0].Rank >= 1 && inputs[0].Last == Dim, $"expects last dimension {Dim}, got shape {inputs[0]}");
        return inputs[0];
    }

    public override IReadOnlyList<ParameterSpec> Parameters => [new("weight", new TensorShape(Dim)), new("bias", new TensorShape(Dim))];
}
