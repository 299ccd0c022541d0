using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>[B, ...] -> [B, target...]: a view on the same storage (backward restores the input's shape).</summary>
public sealed class Reshape(int[] sampleShape) : Layer
{
    private Tensor? _y, _dx;
    private int[] _inShape = [];

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        _inShape = x.Shape.ToArray();
        return View(ref _y, x, [x[0], .. sampleShape]);
    }

    public override Tensor Backward(Tensor dy, RunContext ctx) => View(ref _dx, dy, _inShape);

    private static Tensor View(ref Tensor? cache, Tensor src, int[] shape)
    {
        if (cache is null || !ReferenceEquals(cache.Data, src.Data) || !cache.HasShape(shape))
        {
            cache = new Tensor(src.Data, shape);
        }
        return cache;
    }
}
