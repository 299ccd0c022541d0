using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Adds a learned tensor of the sample's shape to every sample (an imported learned position embedding); its gradient is dY summed over the batch.</summary>
public sealed class ParameterAdd : Layer
{
    private Tensor? _y;

    public ParameterAdd(int[] sampleShape)
    {
        Value = new Parameter("weight", new Tensor(sampleShape), decay: false);
    }

    public Parameter Value { get; }

    public override IEnumerable<Parameter> OwnParameters() => [Value];

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        var y = Tensor.Ensure(ref _y, x.Shape.ToArray());
        var p = Value.Value.Data;
        var size = Value.Value.Length;
        if (x.Length % size != 0)
        {
            throw new ArgumentException($"{Name}: input {x.ShapeText} is not a batch of {Value.Value.ShapeText}");
        }
        for (var i = 0; i < x.Length; i++)
        {
            y.Data[i] = x.Data[i] + p[i % size];
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var g = Value.Grad.Data;
        var size = Value.Value.Length;
        for (var i = 0; i < dy.Length; i++)
        {
            g[i % size] += dy.Data[i];
        }
        return dy;
    }
}
