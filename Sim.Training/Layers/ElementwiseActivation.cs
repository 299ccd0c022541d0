using Sim.Training.Tensors;
using Sim.Workloads.Models;

namespace Sim.Training.Layers;

/// <summary>Sigmoid, tanh or clip (ReLU6) element-wise, for imported networks.</summary>
public sealed class ElementwiseActivation(ActivationFunction function, float min = 0, float max = 6) : Layer
{
    private Tensor? _x, _y, _dx;

    public ActivationFunction Function { get; } = function;

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        _x = x;
        var y = Tensor.Ensure(ref _y, x.Shape.ToArray());
        var xs = x.Span;
        var ys = y.Span;
        for (var i = 0; i < xs.Length; i++)
        {
            ys[i] = Function switch
            {
                ActivationFunction.Sigmoid => 1f / (1f + MathF.Exp(-xs[i])),
                ActivationFunction.Tanh => MathF.Tanh(xs[i]),
                _ => Math.Clamp(xs[i], min, max),
            };
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var x = _x!;
        var y = _y!;
        var dx = Tensor.Ensure(ref _dx, x.Shape.ToArray());
        var xs = x.Span;
        var ys = y.Span;
        var ds = dy.Span;
        var dxs = dx.Span;
        for (var i = 0; i < xs.Length; i++)
        {
            dxs[i] = ds[i] * Function switch
            {
                ActivationFunction.Sigmoid => ys[i] * (1f - ys[i]),
                ActivationFunction.Tanh => 1f - ys[i] * ys[i],
                _ => xs[i] > min && xs[i] < max ? 1f : 0f,
            };
        }
        return dx;
    }
}
