using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Joins activations along one sample axis (fire modules' channel concatenation); backward splits dY back.</summary>
public sealed class Concat(int sampleAxis) : MultiInputLayer
{
    private Tensor? _y;
    private Tensor?[] _dx = [];
    private int[][] _shapes = [];

    public override Tensor Forward(IReadOnlyList<Tensor> inputs, RunContext ctx)
    {
        var axis = sampleAxis + 1;
        _shapes = inputs.Select(t => t.Shape.ToArray()).ToArray();
        var shape = _shapes[0].ToArray();
        shape[axis] = _shapes.Sum(s => s[axis]);
        var y = Tensor.Ensure(ref _y, shape);
        var outer = shape.Take(axis).Aggregate(1, (a, b) => a * b);
        var offset = 0;
        var rowOut = y.Length / outer;
        foreach (var x in inputs)
        {
            var row = x.Length / outer;
            for (var o = 0; o < outer; o++)
            {
                x.Span.Slice(o * row, row).CopyTo(y.Span.Slice(o * rowOut + offset, row));
            }
            offset += row;
        }
        return y;
    }

    public override IReadOnlyList<Tensor> BackwardAll(Tensor dy, RunContext ctx)
    {
        var axis = sampleAxis + 1;
        if (_dx.Length != _shapes.Length)
        {
            _dx = new Tensor?[_shapes.Length];
        }
        var outer = _shapes[0].Take(axis).Aggregate(1, (a, b) => a * b);
        var rowIn = dy.Length / outer;
        var offset = 0;
        var result = new Tensor[_shapes.Length];
        for (var i = 0; i < _shapes.Length; i++)
        {
            var dx = Tensor.Ensure(ref _dx[i], _shapes[i]);
            var row = dx.Length / outer;
            for (var o = 0; o < outer; o++)
            {
                dy.Span.Slice(o * rowIn + offset, row).CopyTo(dx.Span.Slice(o * row, row));
            }
            offset += row;
            result[i] = dx;
        }
        return result;
    }
}
