using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Multiplies by a constant (attention's 1/sqrt(d)); backward multiplies dY by the same constant.</summary>
public sealed class Scale(float factor) : Layer
{
    private Tensor? _y, _dx;

    public float Factor { get; } = factor;

    public override Tensor Forward(Tensor x, RunContext ctx) => Multiply(ref _y, x);

    public override Tensor Backward(Tensor dy, RunContext ctx) => Multiply(ref _dx, dy);

    private Tensor Multiply(ref Tensor? cache, Tensor src)
    {
        var dst = Tensor.Ensure(ref cache, src.Shape.ToArray());
        var s = src.Span;
        var d = dst.Span;
        for (var i = 0; i < s.Length; i++)
        {
            d[i] = s[i] * Factor;
        }
        return dst;
    }
}
