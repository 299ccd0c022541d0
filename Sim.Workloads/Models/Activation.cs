namespace Sim.Workloads.Models;

/// <summary>
/// An element-wise activation other than ReLU and GELU (sigmoid, tanh, clip/ReLU6), as imported models use
/// them; runs on the vector engine like ReLU. <see cref="Min"/> and <see cref="Max"/> bound <see cref="ActivationFunction.Clip"/> only.
/// </summary>
public sealed record Activation(string Name, string Input, ActivationFunction Function, double Min = 0, double Max = 6) : Layer(Name, [Input])
{
    public override string Kind => Function.ToString().ToLowerInvariant();

    public override void Validate() => Require(Function != ActivationFunction.Clip || Min < Max, $"expects clip min < max, got {Min} and {Max}");

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        ExpectInputs(inputs, 1);
        return inputs[0];
    }
}
