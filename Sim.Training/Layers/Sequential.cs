using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Layers applied in order; backward in reverse.</summary>
public sealed class Sequential : Layer
{
    private readonly List<Layer> _layers;

    public Sequential(params IEnumerable<Layer> layers)
    {
        _layers = layers.ToList();
    }

    public IReadOnlyList<Layer> Layers => _layers;

    public override IEnumerable<Layer> Children() => _layers;

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        foreach (var l in _layers)
        {
            x = l.Forward(x, ctx);
        }
        return x;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        for (var i = _layers.Count - 1; i >= 0; i--)
        {
            dy = _layers[i].Backward(dy, ctx);
        }
        return dy;
    }
}
