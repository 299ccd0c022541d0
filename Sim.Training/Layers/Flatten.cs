using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>[B, ...] -> [B, rest]: a view on the same storage, no data movement.</summary>
public sealed class Flatten : Layer
{
    private Tensor? _y, _dx;
    private int[] _inShape = [];

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        if (!x.HasShape(_inShape))
        {
            _inShape = x.Shape.ToArray();
        }
        return View(ref _y, x, x[0], x.Length / x[0]);
    }

    public override Tensor Backward(Tensor dy, RunContext ctx) => View(ref _dx, dy, _inShape);

    private static Tensor View(ref Tensor? cache, Tensor src, params ReadOnlySpan<int> shape)
    {
        if (cache is null || !ReferenceEquals(cache.Data, src.Data) || !cache.HasShape(shape))
        {
            cache = new Tensor(src.Data, shape.ToArray());
        }
        return cache;
    }
}
