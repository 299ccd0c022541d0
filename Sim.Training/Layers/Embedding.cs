using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// Token embedding: row t of a Vocab x Dim table for each token id (ids arrive as the float values of the
/// batch, rounded to the nearest integer; any trailing shape, e.g. [B,1,1,T], is read as B x T). Backward
/// scatter-adds dY into the looked-up rows; the ids get no gradient (a zero tensor).
/// </summary>
public sealed class Embedding : Layer
{
    private Tensor? _y, _dx;
    private int[] _ids = [];
    private int[] _inShape = [];

    public Embedding(int vocab, int dim, Rng rng)
    {
        Vocab = vocab;
        Dim = dim;
        var table = new Tensor(vocab, dim);
        for (var i = 0; i < table.Length; i++)
        {
            table.Data[i] = (float)rng.Normal(); // PyTorch's nn.Embedding initializes N(0, 1)
        }
        Table = new Parameter("weight", table, decay: false);
    }

    public int Vocab { get; }
    public int Dim { get; }
    public Parameter Table { get; }

    public override IEnumerable<Parameter> OwnParameters() => [Table];

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        _inShape = x.Shape.ToArray();
        int b = x[0], t = x.Length / b;
        if (_ids.Length < b * t)
        {
            _ids = new int[b * t];
        }
        var y = Tensor.Ensure(ref _y, b, t, Dim);
        for (var i = 0; i < b * t; i++)
        {
            var id = (int)MathF.Round(x.Data[i]);
            if (id < 0 || id >= Vocab || MathF.Abs(x.Data[i] - id) > 1e-3f)
            {
                throw new ArgumentException($"{Name}: token id {x.Data[i]} at position {i % t} of sample {i / t} is not an integer in 0..{Vocab - 1} (the embedding's vocabulary)");
            }
            _ids[i] = id;
            Table.Value.Span.Slice(id * Dim, Dim).CopyTo(y.Span.Slice(i * Dim, Dim));
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var grad = Table.Grad.Data;
        var n = _inShape[0] * (dy.Length / (_inShape[0] * Dim));
        for (var i = 0; i < n; i++)
        {
            var row = _ids[i] * Dim;
            var src = dy.Span.Slice(i * Dim, Dim);
            for (var d = 0; d < Dim; d++)
            {
                grad[row + d] += src[d];
            }
        }
        var dx = Tensor.Ensure(ref _dx, _inShape);
        dx.Clear();
        return dx;
    }
}
