using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Sim.Training.Gemm;
using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// 2-D convolution with groups (depthwise when groups = channels) and dilation, computed directly: each of
/// the G groups convolves Cin/G input channels into Cout/G output channels. The weight is (Cout, Cin/G, K, K),
/// so N:M masks group Cin/G along FP and consecutive output channels along BP, inside one group whenever
/// Cout/G is a multiple of M (the only case the sparsity plan makes sparse). Imported networks and the zoo's
/// <c>dwsep</c> use it; the zoo's dense convolutions keep <see cref="Conv2d"/>.
/// </summary>
/// <remarks>
/// <para>Every output is one chain of separate multiplies and adds (no fused multiply-add) in a fixed order, the
/// order of the plain loops this class started with, so results are the same bits whatever the vector width or
/// thread count (<c>GroupedConvTests</c> checks them against those loops written out naively):</para>
/// <list type="bullet">
/// <item>forward: y = bias, then + w * x over the group's input channels, kernel rows, kernel columns, each in
/// ascending order, taps that fall into the padding skipped;</item>
/// <item>input gradient: dx = 0, then + dy * w over the group's output channels ascending, kernel rows and columns
/// descending (the order a scatter over output positions adds them); that is the forward's loop on dy with the
/// kernel flipped and padding (K-1)*dilation - padding, so stride 1 runs both through one kernel,
/// <see cref="Correlate"/>;</item>
/// <item>weight and bias gradients: per image a sum from zero over the output positions in ascending order, then
/// added onto the gradient image by image.</item>
/// </list>
/// <para>Stride 1 vectorizes forward and input gradient across output columns: the columns whose taps all lie inside
/// the input run in 8-wide vectors (the last vector of a row overlaps the one before, computing some columns twice,
/// identically), the border columns one at a time. The weight gradient vectorizes across 8 images of the batch,
/// whose sums are independent: x and dY are transposed once into 8-image lanes, so every lane runs the scalar
/// chain. Work is split by output plane (forward, input gradient) or output channel (weight gradient), so no
/// two threads ever add into the same value.</para>
/// </remarks>
public sealed unsafe class GroupedConv2d : WeightLayer, IReluFusable, IReluGradientFusable
{
    private const int Lanes = 8;

    private Tensor? _x, _y, _dx;
    private float[] _wFlip = [];

    public GroupedConv2d(int cin, int cout, int kernel, int groups, Rng rng, int stride = 1, int padding = 0, int dilation = 1, bool bias = true)
        : base(cout, cin / Math.Max(1, groups), kernel, kernel, bias, rng)
    {
        if (groups < 1 || cin % groups != 0 || cout % groups != 0 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1)
        {
            throw new ArgumentException($"grouped conv needs groups dividing {cin} and {cout}, kernel >= 1, stride >= 1, padding >= 0, dilation >= 1");
        }
        Groups = groups;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        InChannels = cin;
    }

    public int Groups { get; }
    public int Stride { get; }
    public int Padding { get; }
    public int Dilation { get; }
    public int InChannels { get; }

    /// <inheritdoc cref="IReluFusable.FusedRelu"/>
    public bool FusedRelu { get; set; }

    /// <inheritdoc cref="IReluGradientFusable.GatedRelu"/>
    public ReLU? GatedRelu { get; set; }

    public int OutSize(int inSize) => (inSize + 2 * Padding - Dilation * (Kh - 1) - 1) / Stride + 1;

    /// <summary>Worker threads for a pass of <paramref name="macs"/> multiply-adds: parallel only when the work pays for it.</summary>
    private static int Threads(long macs) => macs > 1 << 16 ? Math.Max(1, Math.Min(Sgemm.MaxThreads, Environment.ProcessorCount)) : 1;

    private static bool Vectorized => Avx.IsSupported;

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        if (x.Rank != 4 || x[1] != InChannels)
        {
            throw new ArgumentException($"{Name}: expected [B,{InChannels},H,W], got {x.ShapeText}");
        }
        _x = x;
        int b = x[0], h = x[2], w = x[3], oh = OutSize(h), ow = OutSize(w);
        var y = Tensor.Ensure(ref _y, b, Cout, oh, ow);
        var weights = FpOperand;
        var bias = Bias?.Value.Data;
        int cinG = Cin, coutG = Cout / Groups, k = Kh, cout = Cout, cin = InChannels;
        var xd = x.Data;
        var yd = y.Data;
        var relu = FusedRelu;
        var threads = Threads((long)b * cout * oh * ow * cinG * k * k);
        var padded = Stride == 1 && PaddedCorrelation.Applies(weights.AsSpan(0, cout * cinG * k * k), bias, ow);
        var scratch = padded ? PlaneScratch(ref _forwardScratch, threads, cinG, h, w, Padding) : [];
        Workers.Run(b * cout, threads, (t, worker) =>
        {
            int n = t / cout, co = t % cout, g = co / coutG;
            var init = bias is null ? 0f : bias[co];
            var src = (n * cin + g * cinG) * h * w;
            var dst = (n * cout + co) * oh * ow;
            if (padded)
            {
                PaddedCorrelation.Run(xd, src, h * w, cinG, h, w, weights, co * cinG * k * k, k, Dilation, Padding, init, yd, dst, oh, ow, relu, scratch[worker]);
            }
            else if (Stride == 1)
            {
                Correlate(xd, src, h * w, cinG, h, w, weights, co * cinG * k * k, k, Dilation, Padding, init, yd, dst, oh, ow, relu);
            }
            else
            {
                ForwardStrided(xd, src, h, w, cinG, weights, co * cinG * k * k, init, yd, dst, oh, ow);
                if (relu)
                {
                    // the plane just written, still in cache
                    var plane = yd.AsSpan(dst, oh * ow);
                    ReLU.Apply(plane, plane);
                }
            }
        });
        return y;
    }

    /// <summary>One output plane of a strided convolution, one element at a time in the documented order.</summary>
    private void ForwardStrided(float[] xd, int src, int h, int w, int cinG, float[] weights, int wBase, float init, float[] yd, int dst, int oh, int ow)
    {
        int k = Kh, s = Stride, pad = Padding, dil = Dilation;
        for (var oy = 0; oy < oh; oy++)
        {
            for (var ox = 0; ox < ow; ox++)
            {
                var acc = init;
                for (var ci = 0; ci < cinG; ci++)
                {
                    var xb = src + ci * h * w;
                    var wb = wBase + ci * k * k;
                    for (var ky = 0; ky < k; ky++)
                    {
                        var iy = oy * s - pad + ky * dil;
                        if ((uint)iy >= (uint)h)
                        {
                            continue;
                        }
                        for (var kx = 0; kx < k; kx++)
                        {
                            var ix = ox * s - pad + kx * dil;
                            if ((uint)ix < (uint)w)
                            {
                                acc += weights[wb + ky * k + kx] * xd[xb + iy * w + ix];
                            }
                        }
                    }
                }
                yd[dst + oy * ow + ox] = acc;
            }
        }
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
        int cinG = Cin, coutG = Cout / Groups, k = Kh, cout = Cout, cin = InChannels;
        var threads = Threads((long)b * cout * oh * ow * cinG * k * k);
        var phase = ctx.Profile?.Enter(Engine.TrainingPhase.WeightGradient);
        WeightGradient(x, dy, threads);
        if (phase is { } before)
        {
            ctx.Profile!.Enter(before);
        }
        var dx = Tensor.Ensure(ref _dx, b, cin, h, w);
        if (!ComputeInputGradient)
        {
            dx.Clear();
            gated = true; // zeros pass any gate unchanged
            return dx;
        }
        var weights = BpOperand;
        var dyd = dy.Data;
        var dxd = dx.Data;
        if (Stride == 1)
        {
            // Correlate writes every element of every dx plane, so dx needs no clearing first
            // the flipped kernel per input channel: wFlip[ci][cl][t] = w[co = g*coutG + cl][ci % cinG][K*K-1-t]
            var kk = k * k;
            if (_wFlip.Length < cin * coutG * kk)
            {
                _wFlip = new float[cin * coutG * kk];
            }
            var wf = _wFlip;
            for (var c = 0; c < cin; c++)
            {
                int g = c / cinG, ci = c % cinG;
                for (var cl = 0; cl < coutG; cl++)
                {
                    var wb = ((g * coutG + cl) * cinG + ci) * kk;
                    for (var t = 0; t < kk; t++)
                    {
                        wf[(c * coutG + cl) * kk + t] = weights[wb + kk - 1 - t];
                    }
                }
            }
            var flipPad = (k - 1) * Dilation - Padding;
            var padded = flipPad >= 0 && PaddedCorrelation.Applies(wf.AsSpan(0, cin * coutG * kk), [], w);
            var scratch = padded ? PlaneScratch(ref _backwardScratch, threads, coutG, oh, ow, flipPad) : [];
            var gateData = padded ? gate?.Data : null;
            gated = gateData is not null;
            Workers.Run(b * cin, threads, (t, worker) =>
            {
                int n = t / cin, c = t % cin, g = c / cinG;
                if (padded)
                {
                    PaddedCorrelation.Run(dyd, (n * cout + g * coutG) * oh * ow, oh * ow, coutG, oh, ow, wf, c * coutG * kk, k, Dilation, flipPad, 0f, dxd, (n * cin + c) * h * w, h, w, relu: false, scratch[worker], gateData);
                }
                else
                {
                    Correlate(dyd, (n * cout + g * coutG) * oh * ow, oh * ow, coutG, oh, ow, wf, c * coutG * kk, k, Dilation, flipPad, 0f, dxd, (n * cin + c) * h * w, h, w, relu: false);
                }
            });
            return dx;
        }
        // strided: each (sample, group) scatters (adds) into only its own input channels, in the documented order
        dx.Clear();
        int s = Stride, pad = Padding, dil = Dilation;
        Workers.Run(b * Groups, threads, t =>
        {
            var n = t / Groups;
            var g = t % Groups;
            for (var cl = 0; cl < coutG; cl++)
            {
                var co = g * coutG + cl;
                var dyBase = (n * cout + co) * oh * ow;
                for (var ci = 0; ci < cinG; ci++)
                {
                    var xBase = (n * cin + g * cinG + ci) * h * w;
                    var wBase = (co * cinG + ci) * k * k;
                    for (var oy = 0; oy < oh; oy++)
                    {
                        for (var ox = 0; ox < ow; ox++)
                        {
                            var d = dyd[dyBase + oy * ow + ox];
                            for (var ky = 0; ky < k; ky++)
                            {
                                var iy = oy * s - pad + ky * dil;
                                if ((uint)iy >= (uint)h)
                                {
                                    continue;
                                }
                                for (var kx = 0; kx < k; kx++)
                                {
                                    var ix = ox * s - pad + kx * dil;
                                    if ((uint)ix < (uint)w)
                                    {
                                        dxd[xBase + iy * w + ix] += d * weights[wBase + ky * k + kx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
        return dx;
    }

    /// <summary>
    /// dst(r, c) = init + sum over planes j, kernel rows ty, kernel columns tx (each ascending, taps outside the
    /// source skipped) of wt[wOff + (j * K + ty) * K + tx] * src(r - pad + ty * dil, c - pad + tx * dil), for the
    /// dh x dw plane at dst[dOff..]; source plane j (sh x sw) at src[sOff + j * sStride..]. Stride 1. With <paramref name="relu"/>, each output is stored as ReLU.Apply would leave it (the fused activation).
    /// </summary>
    private static void Correlate(float[] src, int sOff, int sStride, int planes, int sh, int sw, float[] wt, int wOff, int k, int dil, int pad, float init, float[] dst, int dOff, int dh, int dw, bool relu)
    {
        // columns whose every tap lies inside the source row: c - pad >= 0 and c - pad + (k-1)*dil <= sw - 1
        var lo = Math.Max(0, pad);
        var hi = Math.Min(dw, sw + pad - (k - 1) * dil);
        var vector = Vectorized && hi - lo >= Lanes;
        fixed (float* ps = src, pw = wt, pd = dst)
        {
            var s0 = ps + sOff;
            var w0 = pw + wOff;
            var d0 = pd + dOff;
            // up to four 8-column chunks that share their kernel-row range, run together (independent chains)
            var chunkSrc = stackalloc int[4];
            var chunkDst = stackalloc int[4];
            var pending = 0;
            int pendLo = 0, pendHi = 0;
            for (var r = 0; r < dh; r++)
            {
                // kernel rows whose source row r - pad + ty*dil lies in [0, sh)
                var tyLo = r - pad >= 0 ? 0 : (pad - r + dil - 1) / dil;
                var tyHi = Math.Min(k, (sh - 1 - r + pad) >= 0 ? (sh - 1 - r + pad) / dil + 1 : 0);
                var rowSrc = (r - pad) * sw - pad;
                if (!vector)
                {
                    for (var c = 0; c < dw; c++)
                    {
                        d0[r * dw + c] = Activate(CorrelateAt(s0, sStride, planes, sh, sw, w0, k, dil, pad, init, r, c, tyLo, tyHi), relu);
                    }
                    continue;
                }
                for (var c = 0; c < lo; c++)
                {
                    d0[r * dw + c] = Activate(CorrelateAt(s0, sStride, planes, sh, sw, w0, k, dil, pad, init, r, c, tyLo, tyHi), relu);
                }
                for (var c = hi; c < dw; c++)
                {
                    d0[r * dw + c] = Activate(CorrelateAt(s0, sStride, planes, sh, sw, w0, k, dil, pad, init, r, c, tyLo, tyHi), relu);
                }
                if (tyLo >= tyHi)
                {
                    var v = Vector256.Create(Activate(init, relu));
                    for (var c = lo; c < hi; c += Lanes)
                    {
                        Avx.Store(d0 + r * dw + Math.Min(c, hi - Lanes), v);
                    }
                    continue;
                }
                for (var c = lo; c < hi; c += Lanes)
                {
                    var c0 = Math.Min(c, hi - Lanes);
                    if (pending > 0 && (pendLo != tyLo || pendHi != tyHi))
                    {
                        Chunks(s0, sStride, planes, sw, w0, k, dil, init, pendLo, pendHi, chunkSrc, chunkDst, pending, d0, relu);
                        pending = 0;
                    }
                    pendLo = tyLo;
                    pendHi = tyHi;
                    chunkSrc[pending] = rowSrc + c0;
                    chunkDst[pending] = r * dw + c0;
                    if (++pending == 4)
                    {
                        Chunks(s0, sStride, planes, sw, w0, k, dil, init, pendLo, pendHi, chunkSrc, chunkDst, pending, d0, relu);
                        pending = 0;
                    }
                }
            }
            if (pending > 0)
            {
                Chunks(s0, sStride, planes, sw, w0, k, dil, init, pendLo, pendHi, chunkSrc, chunkDst, pending, d0, relu);
            }
        }
    }

    /// <summary>ReLU.Apply of one value when <paramref name="relu"/> (v &gt; 0 ? v : +0), else v.</summary>
    private static float Activate(float v, bool relu) => !relu || v > 0f ? v : 0f;

    /// <summary>One border element of <see cref="Correlate"/>: the same chain, column taps checked one by one.</summary>
    private static float CorrelateAt(float* s0, int sStride, int planes, int sh, int sw, float* w0, int k, int dil, int pad, float init, int r, int c, int tyLo, int tyHi)
    {
        var acc = init;
        for (var j = 0; j < planes; j++)
        {
            var sp = s0 + (long)j * sStride;
            var wp = w0 + j * k * k;
            for (var ty = tyLo; ty < tyHi; ty++)
            {
                var row = sp + (r - pad + ty * dil) * sw;
                for (var tx = 0; tx < k; tx++)
                {
                    var sc = c - pad + tx * dil;
                    if ((uint)sc < (uint)sw)
                    {
                        acc += wp[ty * k + tx] * row[sc];
                    }
                }
            }
        }
        return acc;
    }

    /// <summary>
    /// <paramref name="count"/> (1-4) interior chunks of 8 columns: chunk i's source at s0 + srcOff[i] (its first
    /// column's tap (0, 0), possibly outside the plane for skipped rows) and output at d0 + dstOff[i]; kernel rows [tyLo, tyHi).
    /// </summary>
    private static void Chunks(float* s0, int sStride, int planes, int sw, float* w0, int k, int dil, float init, int tyLo, int tyHi, int* srcOff, int* dstOff, int count, float* d0, bool relu)
    {
        // missing chunks repeat the last one (same values written twice)
        int o0 = srcOff[0], o1 = srcOff[Math.Min(1, count - 1)], o2 = srcOff[Math.Min(2, count - 1)], o3 = srcOff[count - 1];
        var a0 = Vector256.Create(init);
        Vector256<float> a1 = a0, a2 = a0, a3 = a0;
        for (var j = 0; j < planes; j++)
        {
            var sp = s0 + (long)j * sStride;
            var wp = w0 + j * k * k;
            for (var ty = tyLo; ty < tyHi; ty++)
            {
                var row = sp + ty * dil * sw;
                var wr = wp + ty * k;
                for (var tx = 0; tx < k; tx++)
                {
                    var wv = Vector256.Create(wr[tx]);
                    var p = row + tx * dil;
                    a0 = Avx.Add(a0, Avx.Multiply(wv, Avx.LoadVector256(p + o0)));
                    a1 = Avx.Add(a1, Avx.Multiply(wv, Avx.LoadVector256(p + o1)));
                    a2 = Avx.Add(a2, Avx.Multiply(wv, Avx.LoadVector256(p + o2)));
                    a3 = Avx.Add(a3, Avx.Multiply(wv, Avx.LoadVector256(p + o3)));
                }
            }
        }
        if (relu)
        {
            // ReLU.Apply's max, on the values still in registers
            a0 = Avx.Max(a0, Vector256<float>.Zero);
            a1 = Avx.Max(a1, Vector256<float>.Zero);
            a2 = Avx.Max(a2, Vector256<float>.Zero);
            a3 = Avx.Max(a3, Vector256<float>.Zero);
        }
        Avx.Store(d0 + dstOff[0], a0);
        if (count > 1)
        {
            Avx.Store(d0 + dstOff[1], a1);
        }
        if (count > 2)
        {
            Avx.Store(d0 + dstOff[2], a2);
        }
        if (count > 3)
        {
            Avx.Store(d0 + dstOff[3], a3);
        }
    }

    /// <summary>
    /// dW[co, ci, t] += per image n ascending: sum over output positions ascending (taps in the padding skipped) of
    /// dy * x; db[co] += per image the sum of dY over positions. 8 images per vector (x and dY transposed to
    /// [channel][image block][position][8]); tasks are output channels, each owning its dW rows.
    /// </summary>
    private void WeightGradient(Tensor x, Tensor dy, int threads)
    {
        int b = x[0], cin = InChannels, h = x[2], w = x[3], oh = OutSize(h), ow = OutSize(w);
        int cinG = Cin, coutG = Cout / Groups, k = Kh, cout = Cout, kk = k * k;
        var dW = Weight.Grad.Data;
        var db = Bias?.Grad.Data;
        if (!Vectorized)
        {
            WeightGradientScalar(x.Data, dy.Data, b, h, w, oh, ow, dW, db, threads);
            return;
        }
        var blocks = (b + Lanes - 1) / Lanes;
        var xt = Scratch.Get(0, (long)cin * blocks * h * w * Lanes);
        var dyt = Scratch.Get(1, (long)cout * blocks * oh * ow * Lanes);
        var xd = x.Data;
        var dyd = dy.Data;
        Workers.Run(cin * blocks, threads, t => ToLanes(xd, b, cin, h * w, t / blocks, t % blocks, xt));
        Workers.Run(cout * blocks, threads, t => ToLanes(dyd, b, cout, oh * ow, t / blocks, t % blocks, dyt));
        int s = Stride, pad = Padding, dil = Dilation;
        Workers.Run(cout, threads, co =>
        {
            var g = co / coutG;
            var sums = stackalloc float[kk * Lanes];
            var bsum = stackalloc float[Lanes];
            fixed (float* pxt = xt, pdyt = dyt, pdw = dW)
            {
                for (var nb = 0; nb < blocks; nb++)
                {
                    var lanes = Math.Min(Lanes, b - nb * Lanes);
                    var dyp = pdyt + ((long)co * blocks + nb) * oh * ow * Lanes;
                    if (db is not null)
                    {
                        var acc = Vector256<float>.Zero;
                        for (var q = 0; q < oh * ow; q++)
                        {
                            acc = Avx.Add(acc, Avx.LoadVector256(dyp + (long)q * Lanes));
                        }
                        Avx.Store(bsum, acc);
                        for (var l = 0; l < lanes; l++)
                        {
                            db[co] += bsum[l];
                        }
                    }
                    for (var ci = 0; ci < cinG; ci++)
                    {
                        var xp = pxt + ((long)(g * cinG + ci) * blocks + nb) * h * w * Lanes;
                        LaneSums(xp, dyp, h, w, oh, ow, k, s, pad, dil, sums);
                        var wb = (co * cinG + ci) * kk;
                        for (var l = 0; l < lanes; l++)
                        {
                            for (var tap = 0; tap < kk; tap++)
                            {
                                pdw[wb + tap] += sums[tap * Lanes + l];
                            }
                        }
                    }
                }
            }
        });
    }

    /// <summary>
    /// sums[tap][lane] = sum from zero over output positions (oy, ox) ascending of dy(oy, ox) * x(oy*s - pad + ky*dil,
    /// ox*s - pad + kx*dil), taps in the padding skipped, 8 images in the lanes. 3x3 kernels keep their nine
    /// accumulators in registers for the positions whose taps all lie inside the input.
    /// </summary>
    private static void LaneSums(float* xp, float* dyp, int h, int w, int oh, int ow, int k, int s, int pad, int dil, float* sums)
    {
        var kk = k * k;
        var acc = stackalloc Vector256<float>[kk];
        for (var t = 0; t < kk; t++)
        {
            acc[t] = Vector256<float>.Zero;
        }
        // output columns whose every tap lies inside the input row
        var lo = pad <= 0 ? 0 : (pad + s - 1) / s;
        var last = w - 1 + pad - (k - 1) * dil;
        var hi = last < 0 ? 0 : Math.Min(ow, last / s + 1);
        hi = Math.Max(hi, Math.Min(lo, ow));
        lo = Math.Min(lo, ow);
        for (var oy = 0; oy < oh; oy++)
        {
            var iy0 = oy * s - pad;
            var kyLo = iy0 >= 0 ? 0 : (-iy0 + dil - 1) / dil;
            var kyHi = Math.Min(k, h - 1 - iy0 >= 0 ? (h - 1 - iy0) / dil + 1 : 0);
            if (kyLo >= kyHi)
            {
                continue;
            }
            var dyRow = dyp + (long)oy * ow * Lanes;
            var full = kyLo == 0 && kyHi == k;
            if (k == 3 && full && s == 1 && dil == 1 && pad == 1 && ow == w && ow >= 2)
            {
                // the depthwise-separable case: the border columns' missing taps are known, so the whole row runs in registers
                LaneSums3x3Row(xp, dyRow, w, iy0, acc);
            }
            else if (k == 3 && full && hi > lo)
            {
                LaneSumsBorder(xp, dyRow, w, 0, lo, k, s, pad, dil, iy0, kyLo, kyHi, acc);
                LaneSums3x3(xp, dyRow, w, lo, hi, s, pad, dil, iy0, acc);
                LaneSumsBorder(xp, dyRow, w, hi, ow, k, s, pad, dil, iy0, kyLo, kyHi, acc);
            }
            else
            {
                LaneSumsBorder(xp, dyRow, w, 0, ow, k, s, pad, dil, iy0, kyLo, kyHi, acc);
            }
        }
        for (var t = 0; t < kk; t++)
        {
            Avx.Store(sums + t * Lanes, acc[t]);
        }
    }

    /// <summary>Columns [c0, c1) of one output row with every column tap checked (accumulators in memory).</summary>
    private static void LaneSumsBorder(float* xp, float* dyRow, int w, int c0, int c1, int k, int s, int pad, int dil, int iy0, int kyLo, int kyHi, Vector256<float>* acc)
    {
        for (var ox = c0; ox < c1; ox++)
        {
            var d = Avx.LoadVector256(dyRow + (long)ox * Lanes);
            var ix0 = ox * s - pad;
            for (var ky = kyLo; ky < kyHi; ky++)
            {
                var row = xp + (long)(iy0 + ky * dil) * w * Lanes;
                for (var kx = 0; kx < k; kx++)
                {
                    var ix = ix0 + kx * dil;
                    if ((uint)ix < (uint)w)
                    {
                        acc[ky * k + kx] = Avx.Add(acc[ky * k + kx], Avx.Multiply(d, Avx.LoadVector256(row + (long)ix * Lanes)));
                    }
                }
            }
        }
    }

    /// <summary>
    /// A whole output row of a 3x3, stride-1, padding-1 correlation (output as wide as the input) whose kernel rows all
    /// lie inside the input: the first column without its left taps, the interior, the last column without its right
    /// taps, nine accumulators in registers throughout (the same additions, in the same order, as the border and interior calls).
    /// </summary>
    private static void LaneSums3x3Row(float* xp, float* dyRow, int w, int iy0, Vector256<float>* acc)
    {
        Vector256<float> a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3], a4 = acc[4], a5 = acc[5], a6 = acc[6], a7 = acc[7], a8 = acc[8];
        long rs = (long)w * Lanes, cs = Lanes;
        var r0 = xp + (long)iy0 * w * Lanes;
        // column 0: input columns 0 and 1 under kernel columns 1 and 2
        var d = Avx.LoadVector256(dyRow);
        var p = r0;
        a1 = Avx.Add(a1, Avx.Multiply(d, Avx.LoadVector256(p)));
        a2 = Avx.Add(a2, Avx.Multiply(d, Avx.LoadVector256(p + cs)));
        p += rs;
        a4 = Avx.Add(a4, Avx.Multiply(d, Avx.LoadVector256(p)));
        a5 = Avx.Add(a5, Avx.Multiply(d, Avx.LoadVector256(p + cs)));
        p += rs;
        a7 = Avx.Add(a7, Avx.Multiply(d, Avx.LoadVector256(p)));
        a8 = Avx.Add(a8, Avx.Multiply(d, Avx.LoadVector256(p + cs)));
        for (var ox = 1; ox < w - 1; ox++)
        {
            d = Avx.LoadVector256(dyRow + (long)ox * Lanes);
            p = r0 + (long)(ox - 1) * Lanes;
            a0 = Avx.Add(a0, Avx.Multiply(d, Avx.LoadVector256(p)));
            a1 = Avx.Add(a1, Avx.Multiply(d, Avx.LoadVector256(p + cs)));
            a2 = Avx.Add(a2, Avx.Multiply(d, Avx.LoadVector256(p + 2 * cs)));
            p += rs;
            a3 = Avx.Add(a3, Avx.Multiply(d, Avx.LoadVector256(p)));
            a4 = Avx.Add(a4, Avx.Multiply(d, Avx.LoadVector256(p + cs)));
            a5 = Avx.Add(a5, Avx.Multiply(d, Avx.LoadVector256(p + 2 * cs)));
            p += rs;
            a6 = Avx.Add(a6, Avx.Multiply(d, Avx.LoadVector256(p)));
            a7 = Avx.Add(a7, Avx.Multiply(d, Avx.LoadVector256(p + cs)));
            a8 = Avx.Add(a8, Avx.Multiply(d, Avx.LoadVector256(p + 2 * cs)));
        }
        // the last column: input columns w-2 and w-1 under kernel columns 0 and 1
        d = Avx.LoadVector256(dyRow + (long)(w - 1) * Lanes);
        p = r0 + (long)(w - 2) * Lanes;
        a0 = Avx.Add(a0, Avx.Multiply(d, Avx.LoadVector256(p)));
        a1 = Avx.Add(a1, Avx.Multiply(d, Avx.LoadVector256(p + cs)));
        p += rs;
        a3 = Avx.Add(a3, Avx.Multiply(d, Avx.LoadVector256(p)));
        a4 = Avx.Add(a4, Avx.Multiply(d, Avx.LoadVector256(p + cs)));
        p += rs;
        a6 = Avx.Add(a6, Avx.Multiply(d, Avx.LoadVector256(p)));
        a7 = Avx.Add(a7, Avx.Multiply(d, Avx.LoadVector256(p + cs)));
        acc[0] = a0; acc[1] = a1; acc[2] = a2; acc[3] = a3; acc[4] = a4; acc[5] = a5; acc[6] = a6; acc[7] = a7; acc[8] = a8;
    }

    /// <summary>Columns [c0, c1) of an output row whose 3x3 taps all lie inside the input: nine accumulators in registers.</summary>
    private static void LaneSums3x3(float* xp, float* dyRow, int w, int c0, int c1, int s, int pad, int dil, int iy0, Vector256<float>* acc)
    {
        Vector256<float> a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3], a4 = acc[4], a5 = acc[5], a6 = acc[6], a7 = acc[7], a8 = acc[8];
        long rs = (long)dil * w * Lanes, cs = (long)dil * Lanes;
        var r0 = xp + (long)iy0 * w * Lanes;
        for (var ox = c0; ox < c1; ox++)
        {
            var d = Avx.LoadVector256(dyRow + (long)ox * Lanes);
            var p = r0 + (long)(ox * s - pad) * Lanes;
            a0 = Avx.Add(a0, Avx.Multiply(d, Avx.LoadVector256(p)));
            a1 = Avx.Add(a1, Avx.Multiply(d, Avx.LoadVector256(p + cs)));
            a2 = Avx.Add(a2, Avx.Multiply(d, Avx.LoadVector256(p + 2 * cs)));
            p += rs;
            a3 = Avx.Add(a3, Avx.Multiply(d, Avx.LoadVector256(p)));
            a4 = Avx.Add(a4, Avx.Multiply(d, Avx.LoadVector256(p + cs)));
            a5 = Avx.Add(a5, Avx.Multiply(d, Avx.LoadVector256(p + 2 * cs)));
            p += rs;
            a6 = Avx.Add(a6, Avx.Multiply(d, Avx.LoadVector256(p)));
            a7 = Avx.Add(a7, Avx.Multiply(d, Avx.LoadVector256(p + cs)));
            a8 = Avx.Add(a8, Avx.Multiply(d, Avx.LoadVector256(p + 2 * cs)));
        }
        acc[0] = a0; acc[1] = a1; acc[2] = a2; acc[3] = a3; acc[4] = a4; acc[5] = a5; acc[6] = a6; acc[7] = a7; acc[8] = a8;
    }

    /// <summary>
    /// Channel <paramref name="c"/> of images 8*nb.. of src ([B, C, P]) into dst[c][nb][P][8] (images past B are zero);
    /// 8 x 8 blocks transposed in registers.
    /// </summary>
    private static void ToLanes(float[] src, int b, int channels, int p, int c, int nb, float[] dst)
    {
        var blocks = (b + Lanes - 1) / Lanes;
        var n0 = nb * Lanes;
        var lanes = Math.Min(Lanes, b - n0);
        fixed (float* ps = src, pd = dst)
        {
            var d = pd + ((long)c * blocks + nb) * p * Lanes;
            var s = ps + ((long)n0 * channels + c) * p;
            long ld = (long)channels * p;
            var q = 0;
            if (lanes == Lanes)
            {
                for (; q + Lanes <= p; q += Lanes)
                {
                    Sgemm.Transpose8x8(s + q, ld, d + (long)q * Lanes, Lanes);
                }
            }
            for (; q < p; q++)
            {
                for (var l = 0; l < Lanes; l++)
                {
                    d[(long)q * Lanes + l] = l < lanes ? s[l * ld + q] : 0f;
                }
            }
        }
    }

    /// <summary>The weight and bias gradients one value at a time (no AVX), in the same order.</summary>
    private void WeightGradientScalar(float[] xd, float[] dyd, int b, int h, int w, int oh, int ow, float[] dW, float[]? db, int threads)
    {
        int cinG = Cin, coutG = Cout / Groups, k = Kh, cout = Cout, cin = InChannels, s = Stride, pad = Padding, dil = Dilation;
        Workers.Run(cout, threads, co =>
        {
            var g = co / coutG;
            for (var n = 0; n < b; n++)
            {
                var dyBase = (n * cout + co) * oh * ow;
                if (db is not null)
                {
                    var sb = 0f;
                    for (var q = 0; q < oh * ow; q++)
                    {
                        sb += dyd[dyBase + q];
                    }
                    db[co] += sb;
                }
                for (var ci = 0; ci < cinG; ci++)
                {
                    var xBase = (n * cin + g * cinG + ci) * h * w;
                    var wBase = (co * cinG + ci) * k * k;
                    for (var ky = 0; ky < k; ky++)
                    {
                        for (var kx = 0; kx < k; kx++)
                        {
                            var acc = 0f;
                            for (var oy = 0; oy < oh; oy++)
                            {
                                var iy = oy * s - pad + ky * dil;
                                if ((uint)iy >= (uint)h)
                                {
                                    continue;
                                }
                                for (var ox = 0; ox < ow; ox++)
                                {
                                    var ix = ox * s - pad + kx * dil;
                                    if ((uint)ix < (uint)w)
                                    {
                                        acc += dyd[dyBase + oy * ow + ox] * xd[xBase + iy * w + ix];
                                    }
                                }
                            }
                            dW[wBase + ky * k + kx] += acc;
                        }
                    }
                }
            }
        });
    }

    /// <summary>
    /// Per-worker scratch for <see cref="PaddedCorrelation"/> with <paramref name="planes"/> source planes of
    /// <paramref name="sh"/> x <paramref name="sw"/> padded by <paramref name="pad"/>: zero when made, and kept while
    /// that geometry stays (so the padding stays zero); one array per worker of <see cref="Workers.Run(int, int, Action{int, int})"/>.
    /// </summary>
    private static float[][] PlaneScratch(ref (float[][] Buffers, (int, int, int, int, int) Key) slot, int threads, int planes, int sh, int sw, int pad)
    {
        var key = (threads, planes, sh, sw, pad);
        if (slot.Buffers is null || slot.Key != key)
        {
            var buffers = new float[threads][];
            for (var t = 0; t < threads; t++)
            {
                buffers[t] = new float[PaddedCorrelation.Scratch(planes, sh, sw, pad)];
            }
            slot = (buffers, key);
        }
        return slot.Buffers;
    }

    private (float[][] Buffers, (int, int, int, int, int) Key) _forwardScratch, _backwardScratch;
}
