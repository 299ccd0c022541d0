using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using System.Runtime.Intrinsics.X86;
using Sim.Training.Gemm;
using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// 2-D convolution (square kernel, stride, zero padding, groups = 1): FP Y[Cout, B*P] = W[Cout, Cin*Kh*Kw] * col;
/// WG dW = dY * col^T; BP dcol = W^T * dY then col2im. W is (Cout, Cin, Kh, Kw): FP reduces over Cin (x Kh x Kw),
/// BP over Cout. Stride 1 runs without an im2col buffer (<see cref="DirectConv"/>: zero-padded planes and an
/// offset table); other strides lower to GEMM by im2col over chunks of the batch. Both give the same bits.
/// </summary>
public sealed class Conv2d : WeightLayer, IReluFusable, IReluGradientFusable
{
    /// <summary>Largest im2col buffer (floats) before the batch is processed in chunks.</summary>
    private const int MaxColFloats = 1 << 23;

    private Tensor? _x, _y, _dx;
    private float[] _col = [], _out = [], _dcol = [];
    private bool _colCached;
    private DirectConv? _direct;
    private bool _directUsed;
    private ConvGemm512? _pointwise;
    private bool _pointwiseUsed;
    private float[][] _grids = [];

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

    /// <inheritdoc cref="IReluFusable.FusedRelu"/>
    public bool FusedRelu { get; set; }

    /// <inheritdoc cref="IReluGradientFusable.GatedRelu"/>
    public ReLU? GatedRelu { get; set; }

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
        _pointwiseUsed = Kh == 1 && Kw == 1 && Stride == 1 && Padding == 0 && ctx.Precision == Precision.FP32 && ConvGemm512.Supported;
        if (_pointwiseUsed)
        {
            ForwardPointwise(x, y);
            return y;
        }
        _directUsed = Stride == 1;
        if (_directUsed)
        {
            ForwardDirect(x, y, ctx);
            return y;
        }
        var g = ChunkImages(b, k, p);
        EnsureBuffers(g, k, p);
        _colCached = g >= b;
        var wfp = FpOperand;
        var bias = Bias?.Value.Data;
        var cout = Cout;
        var threads = Threads(g, k, p);
        for (var b0 = 0; b0 < b; b0 += g)
        {
            var gi = Math.Min(g, b - b0);
            var cols = gi * p;
            Im2Col(x, b0, gi, oh, ow, threads);
            PrecisionRounding.Round(_col.AsSpan(0, k * cols), ctx.Precision);
            // per image Y_i[Cout, P] = W * col_i, straight into y (col_i: columns i*P.. of col, read in place), then
            // the bias: every element is the same dot product as one GEMM over the chunk would give, in the same order
            var col = _col;
            var yd = y.Data;
            var first = b0;
            var relu = FusedRelu;
            ForImages(gi, threads, i =>
            {
                var dst = yd.AsSpan((first + i) * cout * p, cout * p);
                Sgemm.Multiply(false, false, cout, p, k, wfp, k, col.AsSpan(i * p), cols, dst, p);
                if (bias is not null)
                {
                    for (var co = 0; co < cout; co++)
                    {
                        var row = dst.Slice(co * p, p);
                        if (relu)
                        {
                            ReLU.AddApply(row, bias[co], row);
                        }
                        else
                        {
                            TensorPrimitives.Add(row, bias[co], row);
                        }
                    }
                }
                else if (relu)
                {
                    ReLU.Apply(dst, dst);
                }
            });
        }
        return y;
    }

    /// <summary>The 1x1 forward as a GEMM on the input in place (<see cref="ConvGemm512"/>), bias and fused ReLU at the store.</summary>
    private unsafe void ForwardPointwise(Tensor x, Tensor y)
    {
        int b = x[0], p = x[2] * x[3], cin = Cin, cout = Cout;
        var pw = _pointwise ??= new ConvGemm512();
        pw.PackForward(FpOperand, cout, cin);
        var bias = Bias?.Value.Data;
        var xd = x.Data;
        var yd = y.Data;
        var relu = FusedRelu;
        ForImages(b, Threads(b, cin, p), i =>
        {
            fixed (float* px = xd, py = yd, pb = bias)
            {
                pw.Multiply(cout, cin, p, px + (long)i * cin * p, py + (long)i * cout * p,
                    pb is null ? ConvGemm512.Store.Plain : ConvGemm512.Store.Bias, pb, relu);
            }
        });
    }

    /// <summary>
    /// Stride-1 forward without im2col (<see cref="DirectConv"/>): per image, the zero-padded copy, the output on
    /// the padded-width grid, then the valid columns plus the bias into y. Same values as the im2col path.
    /// </summary>
    private void ForwardDirect(Tensor x, Tensor y, RunContext ctx)
    {
        int b = x[0], h = x[2], w = x[3];
        var d = _direct ??= new DirectConv();
        d.Shape(b, Cin, h, w, Kh, Kw, Padding);
        int oh = d.OutH, ow = d.OutW, p = oh * ow, wp = d.Wp, len = d.GridLength, cout = Cout;
        var threads = Threads(b, FanIn, p);
        var bias = Bias?.Value.Data;
        var xd = x.Data;
        var yd = y.Data;
        var precision = ctx.Precision;
        var relu = FusedRelu;
        if (precision == Precision.FP32 && ConvGemm512.Supported && ow >= 16)
        {
            // AVX-512: 8 x 32 tiles over the padded image's taps, each output row straight into y with bias and ReLU
            var gemm = _pointwise ??= new ConvGemm512();
            gemm.PackForward(FpOperand, cout, FanIn);
            var off = d.Offsets;
            ForImages(b, threads, i =>
            {
                d.PadImage(xd.AsSpan(0, x.Length), i);
                unsafe
                {
                    fixed (float* px = d.Padded, py = yd, pb = bias)
                    fixed (int* po = off)
                    {
                        gemm.MultiplyGrid(cout, FanIn, px + (long)i * d.ImageStride, po, wp, oh, ow, py + (long)i * cout * p,
                            pb is null ? ConvGemm512.Store.Plain : ConvGemm512.Store.Bias, pb, relu);
                    }
                }
            });
            return;
        }
        // the 6 x 16 tiles of DirectConv, onto per-worker grids of the padded width
        d.PackWeights(FpOperand, cout);
        if (_grids.Length < threads || _grids[0].Length < cout * len)
        {
            _grids = new float[threads][];
            for (var t = 0; t < threads; t++)
            {
                _grids[t] = new float[cout * len];
            }
        }
        var grids = _grids;
        ForImages(b, threads, (i, worker) =>
        {
            d.PadImage(xd.AsSpan(0, x.Length), i);
            PrecisionRounding.Round(d.Padded.AsSpan(i * d.ImageStride, d.ImageStride), precision);
            var grid = grids[worker];
            d.Forward(i, cout, grid);
            for (var co = 0; co < cout; co++)
            {
                for (var r = 0; r < oh; r++)
                {
                    var src = grid.AsSpan(co * len + r * wp, ow);
                    var dst = yd.AsSpan(((i * cout) + co) * p + r * ow, ow);
                    if (relu)
                    {
                        if (bias is not null)
                        {
                            ReLU.AddApply(src, bias[co], dst);
                        }
                        else
                        {
                            ReLU.Apply(src, dst);
                        }
                    }
                    else if (bias is not null)
                    {
                        TensorPrimitives.Add(src, bias[co], dst);
                    }
                    else
                    {
                        src.CopyTo(dst);
                    }
                }
            }
        });
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var gate = GatedRelu?.Input;
        var dx = Backward(dy, ctx, gate, out var gated);
        return gated ? dx : ReLU.GateInPlace(gate, dx);
    }

    /// <summary>The backward pass; <paramref name="gated"/> tells whether <paramref name="gate"/> was applied as dx was written.</summary>
    private Tensor Backward(Tensor dy, RunContext ctx, Tensor? gate, out bool gated)
    {
        gated = false;
        var x = _x ?? throw new InvalidOperationException($"{Name}: backward before forward");
        int b = x[0], h = x[2], w = x[3], oh = OutSize(h), ow = OutSize(w);
        var p = oh * ow;
        var k = FanIn;
        var dx = Tensor.Ensure(ref _dx, b, Cin, h, w);
        if (_pointwiseUsed)
        {
            BackwardPointwise(x, dy, dx, ctx, gate);
            gated = true;
            return dx;
        }
        dx.Clear();
        if (_directUsed)
        {
            BackwardDirect(dy, dx, ctx);
            return dx;
        }
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
                Im2Col(x, b0, gi, oh, ow, Threads(gi, k, p));
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
            // BP per image: dcol_i[K, P] = W^T dY_i, then col2im into dx (images are independent)
            var dyc = _out;
            var dcol = _dcol;
            var cout = Cout;
            var first = b0;
            ForImages(gi, Threads(gi, k, p), i =>
            {
                Sgemm.Multiply(true, false, k, p, cout, wbp, k, dyc.AsSpan(i * p), cols, dcol.AsSpan(i * p), cols);
                Col2Im(dx, first, i, gi, oh, ow);
            });
        }
        return dx;
    }

    private static int ChunkImages(int b, int k, int p) => Math.Max(1, Math.Min(b, MaxColFloats / Math.Max(1, k * p)));

    /// <summary>
    /// Backward of the stride-1 path (<see cref="DirectConv"/>): the bias gradient from dY as the im2col path sums it
    /// (per channel, images then positions in order), the weight gradient from the padded input the forward left,
    /// and, when wanted, the input gradient per image. Same values as the im2col path.
    /// </summary>
    private void BackwardDirect(Tensor dy, Tensor dx, RunContext ctx)
    {
        var d = _direct!;
        int b = d.Batch, p = d.OutH * d.OutW, cout = Cout, k = FanIn;
        var threads = Threads(b, k, p);
        var phase = ctx.Profile?.Enter(Engine.TrainingPhase.WeightGradient);
        // with AVX the weight gradient's transposed dY gives the bias gradient too (one vector chain per 8 channels)
        var lanes = Avx.IsSupported;
        if (Bias is { } bias && !lanes)
        {
            BiasGradient(dy.Data, bias.Grad.Data, b, cout, p, threads);
        }
        d.WeightGradient(dy.Span, cout, ctx.Precision, Weight.Grad.Span, threads, lanes ? Bias?.Grad.Data : null);
        if (phase is { } before)
        {
            ctx.Profile!.Enter(before);
        }
        if (!ComputeInputGradient)
        {
            return;
        }
        d.PackTransposedWeights(BpOperand, cout);
        var need = d.InputGradientScratch(cout);
        if (_grids.Length < threads || _grids[0].Length < need)
        {
            _grids = new float[threads][];
            for (var t = 0; t < threads; t++)
            {
                _grids[t] = new float[need];
            }
        }
        var grids = _grids;
        var image = Cin * d.H * d.W;
        var dyd = dy.Data;
        var dyLength = dy.Length;
        var dxd = dx.Data;
        var precision = ctx.Precision;
        ForImages(b, threads, (i, worker) => d.InputGradient(i, dyd.AsSpan(0, dyLength), cout, precision, dxd.AsSpan(i * image, image), grids[worker]));
    }

    /// <summary>
    /// Backward of the 1x1 path (<see cref="ConvGemm512"/>): the bias gradient as the other paths sum it, the weight
    /// gradient from the input in place, and, when wanted, the input gradient per image (every element written, so
    /// dx needs no clearing). Same values as the im2col path.
    /// </summary>
    private unsafe void BackwardPointwise(Tensor x, Tensor dy, Tensor dx, RunContext ctx, Tensor? gate)
    {
        int b = x[0], p = x[2] * x[3], cin = Cin, cout = Cout;
        var pw = _pointwise!;
        var threads = Threads(b, cin, p);
        var phase = ctx.Profile?.Enter(Engine.TrainingPhase.WeightGradient);
        if (Bias is { } bias)
        {
            BiasGradient(dy.Data, bias.Grad.Data, b, cout, p, threads);
        }
        pw.WeightGradient(x.Data, dy.Data, b, cin, cout, p, Weight.Grad.Data, threads);
        if (phase is { } before)
        {
            ctx.Profile!.Enter(before);
        }
        if (!ComputeInputGradient)
        {
            dx.Clear();
            return;
        }
        pw.PackTransposed(BpOperand, cout, cin);
        var dyd = dy.Data;
        var dxd = dx.Data;
        var gd = gate?.Data;
        ForImages(b, threads, i =>
        {
            fixed (float* pdy = dyd, pdx = dxd, pg = gd)
            {
                pw.Multiply(cin, cout, p, pdy + (long)i * cout * p, pdx + (long)i * cin * p, ConvGemm512.Store.OntoZero, null, false,
                    pg is null ? null : pg + (long)i * cin * p);
            }
        });
    }

    /// <summary>
    /// db[co] += sum over images and positions of dY in that order: eight channels' chains interleaved (each chain's
    /// order unchanged, eight independent adds in flight), groups of eight channels on up to <paramref name="threads"/> threads.
    /// </summary>
    private static unsafe void BiasGradient(float[] dy, float[] db, int b, int cout, int p, int threads)
    {
        var groups = (cout + 7) / 8;
        ForImages(groups, Math.Min(threads, groups), g =>
        {
            var co = g * 8;
            fixed (float* pdy = dy)
            {
                if (co + 8 <= cout)
                {
                    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
                    for (var i = 0; i < b; i++)
                    {
                        var r = pdy + ((long)i * cout + co) * p;
                        for (var j = 0; j < p; j++)
                        {
                            s0 += r[j];
                            s1 += r[p + j];
                            s2 += r[2 * p + j];
                            s3 += r[3 * p + j];
                            s4 += r[4 * p + j];
                            s5 += r[5 * p + j];
                            s6 += r[6 * p + j];
                            s7 += r[7 * p + j];
                        }
                    }
                    db[co] += s0;
                    db[co + 1] += s1;
                    db[co + 2] += s2;
                    db[co + 3] += s3;
                    db[co + 4] += s4;
                    db[co + 5] += s5;
                    db[co + 6] += s6;
                    db[co + 7] += s7;
                    return;
                }
                for (; co < cout; co++)
                {
                    var s = 0f;
                    for (var i = 0; i < b; i++)
                    {
                        var r = pdy + ((long)i * cout + co) * p;
                        for (var j = 0; j < p; j++)
                        {
                            s += r[j];
                        }
                    }
                    db[co] += s;
                }
            }
        });
    }

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

    /// <summary>Worker threads for a chunk of <paramref name="gi"/> images: parallel only when the work pays for it.</summary>
    private int Threads(int gi, int k, int p) => gi > 1 && (long)gi * k * p * Math.Max(1, Cout) > 1 << 18 ? Math.Min(gi, Sgemm.MaxThreads) : 1;

    /// <summary>Runs <paramref name="body"/> for images 0..count-1 on up to <paramref name="threads"/> threads (images are independent, so the order does not matter).</summary>
    private static void ForImages(int count, int threads, Action<int> body) => Workers.Run(count, threads, body);

    /// <summary>As above; <paramref name="body"/> also gets the worker's index (0..threads-1) for its scratch buffers.</summary>
    private static void ForImages(int count, int threads, Action<int, int> body) => Workers.Run(count, threads, body);

    private void Im2Col(Tensor x, int b0, int gi, int oh, int ow, int threads) => ForImages(gi, threads, i => Im2ColImage(x, b0, i, gi, oh, ow));

    /// <summary>Output columns [lo, hi) whose input column xo*s - pad + kj lies inside [0, w).</summary>
    private static (int Lo, int Hi) Inside(int ow, int w, int s, int pad, int kj)
    {
        var off = kj - pad;
        var lo = off >= 0 ? 0 : (-off + s - 1) / s;
        var last = w - 1 - off;
        var hi = last < 0 ? 0 : Math.Min(ow, last / s + 1);
        return (Math.Min(lo, ow), Math.Max(hi, Math.Min(lo, ow)));
    }

    /// <summary>im2col of image b0+i into columns i*P.. of the chunk's col buffer (rows c*Kh*Kw + ki*Kw + kj).</summary>
    private void Im2ColImage(Tensor x, int b0, int i, int gi, int oh, int ow)
    {
        int h = x[2], w = x[3], kh = Kh, kw = Kw, s = Stride, pad = Padding, cin = Cin;
        var p = oh * ow;
        var cols = gi * p;
        var xd = x.Data;
        var col = _col;
        for (var c = 0; c < cin; c++)
        {
            var xBase = ((b0 + i) * cin + c) * h * w;
            for (var ki = 0; ki < kh; ki++)
            {
                for (var kj = 0; kj < kw; kj++)
                {
                    var row = ((c * kh + ki) * kw + kj) * cols + i * p;
                    var (lo, hi) = Inside(ow, w, s, pad, kj);
                    for (var y = 0; y < oh; y++)
                    {
                        var ih = y * s - pad + ki;
                        var dst = col.AsSpan(row + y * ow, ow);
                        if ((uint)ih >= (uint)h)
                        {
                            dst.Clear();
                            continue;
                        }
                        var src = xBase + ih * w - pad + kj;
                        if (s == 1)
                        {
                            RowKernels.CopyPadded(xd.AsSpan(src + lo, hi - lo), dst, lo);
                        }
                        else
                        {
                            dst[..lo].Clear();
                            dst[hi..].Clear();
                            for (var xo = lo; xo < hi; xo++)
                            {
                                dst[xo] = xd[src + xo * s];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>col2im of columns i*P.. of the chunk's dcol buffer into image b0+i of <paramref name="dx"/> (adds).</summary>
    private void Col2Im(Tensor dx, int b0, int i, int gi, int oh, int ow)
    {
        int h = dx[2], w = dx[3], kh = Kh, kw = Kw, s = Stride, pad = Padding, cin = Cin;
        var p = oh * ow;
        var cols = gi * p;
        var dd = dx.Data;
        var dcol = _dcol;
        for (var c = 0; c < cin; c++)
        {
            var xBase = ((b0 + i) * cin + c) * h * w;
            for (var ki = 0; ki < kh; ki++)
            {
                for (var kj = 0; kj < kw; kj++)
                {
                    var row = ((c * kh + ki) * kw + kj) * cols + i * p;
                    var (lo, hi) = Inside(ow, w, s, pad, kj);
                    for (var y = 0; y < oh; y++)
                    {
                        var ih = y * s - pad + ki;
                        if ((uint)ih >= (uint)h)
                        {
                            continue;
                        }
                        var src = row + y * ow;
                        var dst = xBase + ih * w - pad + kj;
                        if (s == 1)
                        {
                            RowKernels.AddInto(dd.AsSpan(dst + lo, hi - lo), dcol.AsSpan(src + lo, hi - lo));
                        }
                        else
                        {
                            for (var xo = lo; xo < hi; xo++)
                            {
                                dd[dst + xo * s] += dcol[src + xo];
                            }
                        }
                    }
                }
            }
        }
    }
}
