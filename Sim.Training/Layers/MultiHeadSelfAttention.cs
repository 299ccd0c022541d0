using Sim.Training.Gemm;
using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// Multi-head self-attention (Vaswani et al. 2017) on [B,T,D]: a qkv <see cref="Linear"/> (D -> 3D),
/// softmax(Q K^T / sqrt(d_h)) V per head, and an output <see cref="Linear"/> (D -> D). The two linears
/// carry the weights (and so the N:M sparsity); the attention products have no weight operand.
/// </summary>
public sealed class MultiHeadSelfAttention : Layer
{
    private Tensor? _o, _dqkv;
    private Tensor _qkv = new(0);
    private float[] _attn = [], _scratch = [];
    private int _b, _t;

    public MultiHeadSelfAttention(int dim, int heads, Rng rng, bool bias = true)
    {
        if (dim % heads != 0)
        {
            throw new ArgumentException($"dim {dim} is not a multiple of heads {heads}");
        }
        Dim = dim;
        Heads = heads;
        Qkv = new Linear(dim, 3 * dim, rng, bias) { Name = "qkv" };
        Proj = new Linear(dim, dim, rng, bias) { Name = "proj" };
    }

    public int Dim { get; }
    public int Heads { get; }
    public Linear Qkv { get; }
    public Linear Proj { get; }

    public override IEnumerable<Layer> Children() => [Qkv, Proj];

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        _b = x[0];
        _t = x[1];
        int b = _b, t = _t, d = Dim, h = Heads, dh = d / h;
        _qkv = Qkv.Forward(x, ctx);
        var qkv = _qkv.Data;
        var o = Tensor.Ensure(ref _o, b, t, d);
        if (_attn.Length < b * h * t * t)
        {
            _attn = new float[b * h * t * t];
            _scratch = new float[b * h * t * t];
        }
        var scale = 1f / MathF.Sqrt(dh);
        var attn = _attn;
        Parallel.For(0, b * h, bh =>
        {
            int i = bh / h, hd = bh % h;
            var a = attn.AsSpan(bh * t * t, t * t);
            var baseQ = i * t * 3 * d + hd * dh;
            Sgemm.Multiply(false, true, t, t, dh, qkv.AsSpan(baseQ), 3 * d, qkv.AsSpan(baseQ + d), 3 * d, a, t);
            for (var r = 0; r < t; r++)
            {
                var row = a.Slice(r * t, t);
                var max = float.NegativeInfinity;
                foreach (var v in row)
                {
                    max = MathF.Max(max, v * scale);
                }
                var sum = 0f;
                for (var j = 0; j < t; j++)
                {
                    row[j] = MathF.Exp(row[j] * scale - max);
                    sum += row[j];
                }
                var inv = 1f / sum;
                for (var j = 0; j < t; j++)
                {
                    row[j] *= inv;
                }
            }
            Sgemm.Multiply(false, false, t, dh, t, a, t, qkv.AsSpan(baseQ + 2 * d), 3 * d, o.Span.Slice(i * t * d + hd * dh), d);
        });
        return Proj.Forward(o, ctx);
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        int b = _b, t = _t, d = Dim, h = Heads, dh = d / h;
        var dO = Proj.Backward(dy, ctx);
        var dqkv = Tensor.Ensure(ref _dqkv, b, t, 3 * d);
        var qkv = _qkv.Data;
        var attn = _attn;
        var scratch = _scratch;
        var scale = 1f / MathF.Sqrt(dh);
        Parallel.For(0, b * h, bh =>
        {
            int i = bh / h, hd = bh % h;
            var a = attn.AsSpan(bh * t * t, t * t);
            var da = scratch.AsSpan(bh * t * t, t * t);
            var baseQ = i * t * 3 * d + hd * dh;
            var dOs = dO.Data.AsSpan(i * t * d + hd * dh);
            // dA = dO V^T ; dV = A^T dO
            Sgemm.Multiply(false, true, t, t, dh, dOs, d, qkv.AsSpan(baseQ + 2 * d), 3 * d, da, t);
            Sgemm.Multiply(true, false, t, dh, t, a, t, dOs, d, dqkv.Span.Slice(baseQ + 2 * d), 3 * d);
            // dS = A * (dA - rowsum(dA * A)) * scale
            for (var r = 0; r < t; r++)
            {
                var ar = a.Slice(r * t, t);
                var dr = da.Slice(r * t, t);
                var dot = 0f;
                for (var j = 0; j < t; j++)
                {
                    dot += ar[j] * dr[j];
                }
                for (var j = 0; j < t; j++)
                {
                    dr[j] = ar[j] * (dr[j] - dot) * scale;
                }
            }
            // dQ = dS K ; dK = dS^T Q
            Sgemm.Multiply(false, false, t, dh, t, da, t, qkv.AsSpan(baseQ + d), 3 * d, dqkv.Span.Slice(baseQ), 3 * d);
            Sgemm.Multiply(true, false, t, dh, t, da, t, qkv.AsSpan(baseQ), 3 * d, dqkv.Span.Slice(baseQ + d), 3 * d);
        });
        return Qkv.Backward(dqkv, ctx);
    }
}
