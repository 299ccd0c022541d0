namespace Sim.Workloads.Models;

/// <summary>Softmax over the class logits and the mean cross-entropy against integer labels: the training loss, output a scalar.</summary>
public sealed record SoftmaxCrossEntropy(string Name, string Input, int Classes) : Layer(Name, [Input])
{
    public override string Kind => "softmax_ce";

    public override void Validate() => Require(Classes >= 2, "expects at least 2 classes");

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        var x = ExpectRank(inputs, 1, "class-logit vector");
        Require(x.Last == Classes, $"expects {Classes} logits, got shape {x}");
        return TensorShape.Scalar;
    }
}
