namespace Sim.Workloads.Models;

/// <summary>
/// Fully connected layer applied to the last dimension (so it serves both feature vectors and every token
/// of a T x D sequence); weight OutFeatures x InFeatures. FP groups N:M along InFeatures, BP along OutFeatures.
/// </summary>
public sealed record Linear(string Name, string Input, int InFeatures, int OutFeatures, bool Bias = true)
    : Layer(Name, [Input])
{
    public override string Kind => "linear";

    public override void Validate() => Require(InFeatures >= 1 && OutFeatures >= 1, "expects feature counts >= 1");

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 1);
        var x = inputs[0];
        Require(x.Rank >= 1 && x.Last == InFeatures, $"expects last dimension {InFeatures}, got shape {x}");
        var dims = x.Dims.ToArray();
        dims[^1] = OutFeatures;
        return new TensorShape(dims);
    }

    public override IReadOnlyList<ParameterSpec> Parameters =>
        Bias
            ? [new("weight", new TensorShape(OutFeatures, InFeatures), IsPrunable: true), new("bias", new TensorShape(OutFeatures))]
            : [new("weight", new TensorShape(OutFeatures, InFeatures), IsPrunable: true)];

    public override long ForwardMacs(IReadOnlyList<TensorShape> inputs, TensorShape output) => inputs[0].Rows * InFeatures * OutFeatures;
}
