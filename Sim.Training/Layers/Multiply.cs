using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Element-wise product of two same-shaped activations; d(left) = dY * right, d(right) = dY * left.</summary>
public sealed class Multiply : MultiInputLayer
{
    private Tensor? _a, _b, _y, _da, _db;

    public override Tensor Forward(IReadOnlyList<Tensor> inputs, RunContext ctx)
    {
        (_a, _b) = (inputs[0], inputs[1]);
        var y = Tensor.Ensure(ref _y, _a.Shape.ToArray());
        for (var i = 0; i < y.Length; i++)
        {
            y.Data[i] = _a.Data[i] * _b.Data[i];
        }
        return y;
    }

    public override IReadOnlyList<Tensor> BackwardAll(Tensor dy, RunContext ctx)
    {
        var da = Tensor.Ensure(ref _da, _a!.Shape.ToArray());
        var db = Tensor.Ensure(ref _db, _b!.Shape.ToArray());
        for (var i = 0; i < dy.Length; i++)
        {
            da.Data[i] = dy.Data[i] * _b.Data[i];
            db.Data[i] = dy.Data[i] * _a.Data[i];
        }
        return [da, db];
    }
}
