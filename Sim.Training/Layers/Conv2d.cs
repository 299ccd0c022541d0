using Sim.Training.Gemm;
using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// 2-D convolution (square kernel, stride, zero padding, groups = 1) lowered to GEMM by im2col over chunks
/// of the batch: FP Y[Cout, B*P] = W[Cout, Cin*Kh*Kw] * col; WG dW = dY * col^T; BP dcol = W^T * dY then
/// col2im. W is (Cout, Cin, Kh, Kw): FP reduces over Cin (x Kh x Kw), BP over Cout.
/// </summary>
public sealed class Conv2d : WeightLayer
{
    /// <summary>Largest im2col buffer (floats) before the batch is processed in chunks.</summary>
    private const int MaxColFloats = 1 << 23;

    private Tensor? _x, _y, _dx;
    private float[] _col = [], _out = [], _dcol = [];
    private bool _colCached;

    public Conv2d(int cin, int cout, int kernel, Rng rng, int stride = 1, int padding = 0, bool bias = true)
        : base(cout, cin, kernel, kernel, bias, rng)
    {
        if (kernel < 1 || stride < 1 || padding < 0)
        {
            throw new ArgumentException("conv2d needs kernel >= 1, stride >= 1, padding >= 0");
        }
        Stride = stride;
        Padding = padding;
    }

    public int Stride { get; }
    public int Padding { get; }

    public int OutSize(int inSize) => (inSize + 2 * Padding - Kh) / Stride + 1;

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        if (x.Rank != 4 || x[1] != Cin)
        {
            throw new ArgumentException($"{Name}: expected [B,{Cin},H,W], got {x.ShapeText}");
        }
        _x = x;
        int b = x[0], h = x[2], w = x[3], oh = OutSize(h), ow = OutSize(w);
        var p = oh * ow;
        var k = FanIn;
        var y = Tensor.Ensure(ref _y, b, Cout, oh, ow);
        var g = ChunkImages(b, k, p);
        EnsureBuffers(g, k, p);
        _colCached = g >= b;
        var wfp = FpOperand;
        for (var b0 = 0; b0 < b; b0 += g)
        {
            var gi = Math.Min(g, b - b0);
            var cols = gi * p;
            Im2Col(x, b0, gi, oh, ow);
            PrecisionRounding.Round(_col.AsSpan(0, k * cols), ctx.Precision);
            Sgemm.Multiply(false, false, Cout, cols, k, wfp, k, _col, cols, _out, cols);
            var bias = Bias?.Value.Data;
            for (var i = 0; i < gi; i++)
            {
                for (var co = 0; co < Cout; co++)
                {
                    var src = _out.AsSpan(co * cols + i * p, p);
                    var dst = y.Span.Slice(((b0 + i) * Cout + co) * p, p);
                    var bv = bias is null ? 0f : bias[co];
                    for (var q = 0; q < p; q++)
                    {
                        dst[q] = src[q] + bv;
                    }
                }
            }
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var x = _x ?? throw new InvalidOperationException($"{Name}: backward before forward");
        int b = x[0], h = x[2], w = x[3], oh = OutSize(h), ow = OutSize(w);
        var p = oh * ow;
        var k = FanIn;
        var dx = Tensor.Ensure(ref _dx, b, Cin, h, w);
        dx.Clear();
        var g = ChunkImages(b, k, p);
        EnsureBuffers(g, k, p);
        var wbp = BpOperand;
        var dW = Weight.Grad.Data;
        var db = Bias?.Grad.Data;
        for (var b0 = 0; b0 < b; b0 += g)
        {
            var gi = Math.Min(g, b - b0);
            var cols = gi * p;
            // gather dY of the chunk as [Cout, gi*P] (the _out buffer is free during backward)
            for (var i = 0; i < gi; i++)
            {
                for (var co = 0; co < Cout; co++)
                {
                    dy.Span.Slice(((b0 + i) * Cout + co) * p, p).CopyTo(_out.AsSpan(co * cols + i * p, p));
                }
            }
            var phase = ctx.Profile?.Enter(Engine.TrainingPhase.WeightGradient);
            if (db is not null)
            {
                for (var co = 0; co < Cout; co++)
                {
                    var s = 0f;
                    foreach (var v in _out.AsSpan(co * cols, cols))
                    {
                        s += v;
                    }
                    db[co] += s;
                }
            }
            PrecisionRounding.Round(_out.AsSpan(0, Cout * cols), ctx.Precision);
            if (!_colCached)
            {
                Im2Col(x, b0, gi, oh, ow);
                PrecisionRounding.Round(_col.AsSpan(0, k * cols), ctx.Precision);
            }
            Sgemm.Multiply(false, true, Cout, k, cols, _out, cols, _col, cols, dW, k, accumulate: true);
            if (phase is { } before)
            {
                ctx.Profile!.Enter(before);
            }
            if (!ComputeInputGradient)
            {
                continue;
            }
            Sgemm.Multiply(true, false, k, cols, Cout, wbp, k, _out, cols, _dcol, cols);
            Col2Im(dx, b0, gi, oh, ow);
        }
        return dx;
    }

    private static int ChunkImages(int b, int k, int p) => Math.Max(1, Math.Min(b, MaxColFloats / Math.Max(1, k * p)));

    private void EnsureBuffers(int g, int k, int p)
    {
        var cols = g * p;
        if (_col.Length < k * cols)
        {
            _col = new float[k * cols];
            _dcol = new float[k * cols];
        }
        if (_out.Length < Cout * cols)
        {
            _out = new float[Cout * cols];
        }
    }

    private void Im2Col(Tensor x, int b0, int gi, int oh, int ow)
    {
        int h = x[2], w = x[3], kh = Kh, kw = Kw, s = Stride, pad = Padding, cin = Cin;
        var p = oh * ow;
        var cols = gi * p;
        var xd = x.Data;
        var col = _col;
        Parallel.For(0, gi * cin, new ParallelOptions { MaxDegreeOfParallelism = gi * cin * p * kh * kw > 1 << 16 ? Sgemm.MaxThreads : 1 }, t =>
        {
            var i = t / cin;
            var c = t % cin;
            var xBase = ((b0 + i) * cin + c) * h * w;
            for (var ki = 0; ki < kh; ki++)
            {
                for (var kj = 0; kj < kw; kj++)
                {
                    var row = ((c * kh + ki) * kw + kj) * cols + i * p;
                    for (var y = 0; y < oh; y++)
                    {
                        var ih = y * s - pad + ki;
                        var dst = col.AsSpan(row + y * ow, ow);
                        if ((uint)ih >= (uint)h)
                        {
                            dst.Clear();
                            continue;
                        }
                        var src = xBase + ih * w;
                        for (var xo = 0; xo < ow; xo++)
                        {
                            var iw = xo * s - pad + kj;
                            dst[xo] = (uint)iw < (uint)w ? xd[src + iw] : 0f;
                        }
                    }
                }
            }
        });
    }

    private void Col2Im(Tensor dx, int b0, int gi, int oh, int ow)
    {
        int h = dx[2], w = dx[3], kh = Kh, kw = Kw, s = Stride, pad = Padding, cin = Cin;
        var p = oh * ow;
        var cols = gi * p;
        var dd = dx.Data;
        var dcol = _dcol;
        Parallel.For(0, gi * cin, new ParallelOptions { MaxDegreeOfParallelism = gi * cin * p * kh * kw > 1 << 16 ? Sgemm.MaxThreads : 1 }, t =>
        {
            var i = t / cin;
            var c = t % cin;
            var xBase = ((b0 + i) * cin + c) * h * w;
            for (var ki = 0; ki < kh; ki++)
            {
                for (var kj = 0; kj < kw; kj++)
                {
                    var row = ((c * kh + ki) * kw + kj) * cols + i * p;
                    for (var y = 0; y < oh; y++)
                    {
                        var ih = y * s - pad + ki;
                        if ((uint)ih >= (uint)h)
                        {
                            continue;
                        }
                        var src = row + y * ow;
                        var dst = xBase + ih * w;
                        for (var xo = 0; xo < ow; xo++)
                        {
                            var iw = xo * s - pad + kj;
                            if ((uint)iw < (uint)w)
                            {
                                dd[dst + iw] += dcol[src + xo];
                            }
                        }
                    }
                }
            }
        });
    }
}
