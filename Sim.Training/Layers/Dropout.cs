using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Inverted dropout: in training keeps each value with probability 1-p and scales it by 1/(1-p); identity in eval.</summary>
public sealed class Dropout : Layer
{
    private Tensor? _y, _dx;
    private float[] _mask = [];
    private bool _active;

    public Dropout(float p)
    {
        if (p < 0f || p >= 1f)
        {
            throw new ArgumentException("dropout probability must be in [0, 1)");
        }
        P = p;
    }

    public float P { get; }

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        _active = ctx.Training && P > 0f;
        if (!_active)
        {
            return x;
        }
        var y = Tensor.EnsureLike(ref _y, x);
        if (_mask.Length < x.Length)
        {
            _mask = new float[x.Length];
        }
        var scale = 1f / (1f - P);
        for (var i = 0; i < x.Length; i++)
        {
            _mask[i] = ctx.Rng.NextDouble() >= P ? scale : 0f;
            y.Data[i] = x.Data[i] * _mask[i];
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        if (!_active)
        {
            return dy;
        }
        var dx = Tensor.EnsureLike(ref _dx, dy);
        for (var i = 0; i < dy.Length; i++)
        {
            dx.Data[i] = dy.Data[i] * _mask[i];
        }
        return dx;
    }
}
