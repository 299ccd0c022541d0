using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Sim.Training.Gemm;

namespace Sim.Training.Layers;

/// <summary>
/// Stride-1 convolution without an im2col buffer, for the narrow channels of small networks (LeNet-5's conv1
/// reads one channel, conv2 six), where writing and reading im2col's K x P columns cost more than the
/// multiplications. The batch is copied once into zero-padded planes (Hp x Wp); output position (oy, ox) is
/// then computed on the padded width, at o = oy * Wp + ox, and column k = (c, ki, kj) of im2col is the padded
/// input at o + off[k] with off[k] = c * Hp * Wp + ki * Wp + kj (the offset table): a contiguous run for every
/// k, so forward reads it with plain vector loads, and the weight gradient's packer gathers its panels from it.
/// </summary>
/// <remarks>
/// Every output element is reduced exactly as <see cref="Sgemm"/> reduces it over im2col (K in blocks of 256,
/// a fused multiply-add chain from zero inside a block, blocks added in order, then the bias), so results are
/// bit-identical to the im2col path. The columns ox &gt;= ow of the padded-width grid are computed and dropped.
/// </remarks>
internal sealed unsafe class DirectConv
{
    private const int MR = 6;
    private const int KC = 256;

    private int[] _off = [];
    private int[] _qBase = [];
    private float[] _xp = [];
    private float[] _wPacked = [];

    public int Cin { get; private set; }
    public int H { get; private set; }
    public int W { get; private set; }
    public int Hp { get; private set; }
    public int Wp { get; private set; }
    public int Kh { get; private set; }
    public int Kw { get; private set; }
    public int Pad { get; private set; }
    public int Batch { get; private set; }
    public int OutH => Hp - Kh + 1;
    public int OutW => Wp - Kw + 1;

    /// <summary>Floats of one padded image (Cin x Hp x Wp).</summary>
    public int ImageStride => Cin * Hp * Wp;

    /// <summary>Outputs of one channel on the padded-width grid, rounded up to whole 16-wide tiles (the scratch row length).</summary>
    public int GridLength => (OutH * Wp + 15) / 16 * 16;

    /// <summary>The offset table: reduction column k of im2col is the padded image at position + Offsets[k].</summary>
    public int[] Offsets => _off;

    /// <summary>The padded batch (image i valid after <see cref="PadImage"/>).</summary>
    public float[] Padded => _xp;

    /// <summary>Sets the geometry and grows the buffers; the offset table and the weight gradient's column bases depend only on it.</summary>
    public void Shape(int batch, int cin, int h, int w, int kh, int kw, int pad)
    {
        if (batch == Batch && cin == Cin && h == H && w == W && kh == Kh && kw == Kw && pad == Pad && _off.Length > 0)
        {
            return;
        }
        Batch = batch; Cin = cin; H = h; W = w; Kh = kh; Kw = kw; Pad = pad;
        Hp = h + 2 * pad;
        Wp = w + 2 * pad;
        var k = cin * kh * kw;
        _off = new int[k];
        for (var c = 0; c < cin; c++)
        {
            for (var ki = 0; ki < kh; ki++)
            {
                for (var kj = 0; kj < kw; kj++)
                {
                    _off[(c * kh + ki) * kw + kj] = c * Hp * Wp + ki * Wp + kj;
                }
            }
        }
        // the last 16-wide tile of the last image reads up to GridLength - 1 + off[K-1] of its image
        var reach = GridLength + _off[^1] + 1;
        var length = (long)batch * ImageStride + Math.Max(0, reach - ImageStride) + 8;
        if (length > int.MaxValue)
        {
            throw new ArgumentException($"convolution input of {batch} x {cin} x {h} x {w} is too large for the direct kernel");
        }
        _xp = new float[length];
        int oh = OutH, ow = OutW, p = oh * ow;
        _qBase = new int[batch * p];
        for (var i = 0; i < batch; i++)
        {
            for (var y = 0; y < oh; y++)
            {
                for (var x = 0; x < ow; x++)
                {
                    _qBase[i * p + y * ow + x] = i * ImageStride + y * Wp + x;
                }
            }
        }
    }

    /// <summary>Copies image <paramref name="i"/> of <paramref name="x"/> ([B, Cin, H, W]) into its zero-padded planes (borders stay zero).</summary>
    public void PadImage(ReadOnlySpan<float> x, int i)
    {
        var dst = _xp.AsSpan(i * ImageStride, ImageStride);
        for (var c = 0; c < Cin; c++)
        {
            var src = x.Slice((i * Cin + c) * H * W, H * W);
            var plane = dst.Slice(c * Hp * Wp, Hp * Wp);
            for (var r = 0; r < H; r++)
            {
                src.Slice(r * W, W).CopyTo(plane.Slice((r + Pad) * Wp + Pad, W));
            }
        }
    }

    /// <summary>Packs the FP weights (Cout x K) into MR-row panels, k-major, rows past Cout zero (once per forward).</summary>
    public void PackWeights(ReadOnlySpan<float> w, int cout)
    {
        var k = _off.Length;
        var blocks = (cout + MR - 1) / MR;
        if (_wPacked.Length < blocks * MR * k)
        {
            _wPacked = new float[blocks * MR * k];
        }
        for (var cb = 0; cb < blocks; cb++)
        {
            var d = _wPacked.AsSpan(cb * MR * k, MR * k);
            for (var r = 0; r < MR; r++)
            {
                var co = cb * MR + r;
                for (var kk = 0; kk < k; kk++)
                {
                    d[kk * MR + r] = co < cout ? w[co * k + kk] : 0f;
                }
            }
        }
    }

    /// <summary>
    /// Forward of padded image <paramref name="i"/> into <paramref name="grid"/> (Cout rows of <see cref="GridLength"/>,
    /// the padded-width grid), weights from <see cref="PackWeights"/>.
    /// </summary>
    public void Forward(int i, int cout, Span<float> grid)
    {
        var k = _off.Length;
        var len = GridLength;
        if (grid.Length < cout * len)
        {
            throw new ArgumentException("grid too small");
        }
        fixed (float* xp = _xp, wp = _wPacked, g = grid)
        fixed (int* off = _off)
        {
            var x = xp + (long)i * ImageStride;
            for (var cb = 0; cb * MR < cout; cb++)
            {
                var rows = Math.Min(MR, cout - cb * MR);
                var a = wp + (long)cb * MR * k;
                var c = g + (long)cb * MR * len;
                for (var o = 0; o < len; o += 16)
                {
                    for (var pc = 0; pc < k; pc += KC)
                    {
                        var kc = Math.Min(KC, k - pc);
                        Tile(x + o, off + pc, a + (long)pc * MR, kc, c + o, len, rows, pc > 0);
                    }
                }
            }
        }
    }

    /// <summary>
    /// rows x 16 outputs at <paramref name="c"/> (row stride ldc): c[r, j] (+)= sum over kc taps, FMA chain from zero
    /// (the GEMM micro-kernel's order), x[j + off[p]] * a[p * MR + r].
    /// </summary>
    private static void Tile(float* x, int* off, float* a, int kc, float* c, int ldc, int rows, bool acc)
    {
        if (!(Avx2.IsSupported && Fma.IsSupported))
        {
            TileScalar(x, off, a, kc, c, ldc, rows, acc);
            return;
        }
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var xo = x + off[p];
            var b0 = Avx.LoadVector256(xo);
            var b1 = Avx.LoadVector256(xo + 8);
            var w = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(w, b0, c00); c01 = Fma.MultiplyAdd(w, b1, c01);
            w = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(w, b0, c10); c11 = Fma.MultiplyAdd(w, b1, c11);
            w = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(w, b0, c20); c21 = Fma.MultiplyAdd(w, b1, c21);
            w = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(w, b0, c30); c31 = Fma.MultiplyAdd(w, b1, c31);
            w = Avx.BroadcastScalarToVector256(a + 4);
            c40 = Fma.MultiplyAdd(w, b0, c40); c41 = Fma.MultiplyAdd(w, b1, c41);
            w = Avx.BroadcastScalarToVector256(a + 5);
            c50 = Fma.MultiplyAdd(w, b0, c50); c51 = Fma.MultiplyAdd(w, b1, c51);
            a += MR;
        }
        Store(c, acc, c00, c01);
        if (rows > 1) Store(c + ldc, acc, c10, c11);
        if (rows > 2) Store(c + 2 * ldc, acc, c20, c21);
        if (rows > 3) Store(c + 3 * ldc, acc, c30, c31);
        if (rows > 4) Store(c + 4 * ldc, acc, c40, c41);
        if (rows > 5) Store(c + 5 * ldc, acc, c50, c51);
    }

    private static void Store(float* c, bool acc, Vector256<float> v0, Vector256<float> v1)
    {
        if (acc)
        {
            v0 = Avx.Add(Avx.LoadVector256(c), v0);
            v1 = Avx.Add(Avx.LoadVector256(c + 8), v1);
        }
        Avx.Store(c, v0);
        Avx.Store(c + 8, v1);
    }

    private static void TileScalar(float* x, int* off, float* a, int kc, float* c, int ldc, int rows, bool acc)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < 16; j++)
            {
                var s = 0f;
                for (var p = 0; p < kc; p++)
                {
                    s = MathF.FusedMultiplyAdd(a[p * MR + r], x[j + off[p]], s);
                }
                c[r * ldc + j] = acc ? c[r * ldc + j] + s : s;
            }
        }
    }

    /// <summary>Output channels per lane vector and kernel taps per pass of <see cref="WeightGradient"/>.</summary>
    private const int Lanes = 8;
    private const int Taps = 13;

    private float[] _dyt = [];

    /// <summary>
    /// dW[Cout, K] += dY * col^T over the batch's Q = B * P output positions, without col: the lanes of a vector are
    /// 8 output channels (dY transposed once to [Q][8]), and a pass keeps 13 taps' accumulators in registers, each
    /// tap's column value a broadcast of the padded input at qBase[q] + off[k]. Every dW element is still one FMA
    /// chain from zero per block of 256 positions, the blocks added in order onto dW: the GEMM's order, bit for bit.
    /// Passes (8 channels x 13 taps) are independent, so they run in parallel on up to <paramref name="threads"/>.
    /// </summary>
    public void WeightGradient(ReadOnlySpan<float> dy, int cout, Tensors.Precision precision, Span<float> dW, int threads, float[]? db = null)
    {
        var k = _off.Length;
        int p = OutH * OutW, q = Batch * p, vectors = (cout + Lanes - 1) / Lanes;
        if (dy.Length < Batch * cout * p || dW.Length < cout * k)
        {
            throw new ArgumentException("weight gradient operands too small");
        }
        var need = (long)vectors * q * Lanes;
        // shared scratch (Scratch), held in the field only for this call's passes
        var dyt = _dyt = Scratch.Get(0, need);
        fixed (float* pdy0 = dy)
        {
            var pdyAddr = (nint)pdy0;
            // tasks: (vector of 8 channels, image), each writing its own [P][8] block of dyt
            Workers.Run(vectors * Batch, threads, t => TransposeImage((float*)pdyAddr, dyt, t / Batch, t % Batch, cout, p, q));
        }
        if (db is not null)
        {
            // the bias gradient from the transposed dY (before any rounding): per channel lane, a sum from zero over
            // the batch's positions in order (images, then positions), added onto db, as Conv2d's scalar chains
            Workers.Run(vectors, threads, v => BiasFromLanes(dyt, v, q, cout, db));
        }
        Tensors.PrecisionRounding.Round(dyt.AsSpan(0, (int)need), precision);
        // taps spread evenly over the passes (K = 16: two of 8, not 13 + 3), each pass a kernel of exactly its taps
        var passes = (k + Taps - 1) / Taps;
        var per = (k + passes - 1) / passes;
        var tasks = vectors * passes;
        fixed (float* pdw = dW)
        {
            var dwp = (nint)pdw;
            var self = this;
            void Run(int t)
            {
                var v = t / passes;
                var k0 = t % passes * per;
                self.WeightGradientPass(v, k0, Math.Min(per, k - k0), cout, q, (float*)dwp);
            }
            Workers.Run(tasks, threads, Run);
        }
    }

    private static void BiasFromLanes(float[] dyt, int v, int q, int cout, float[] db)
    {
        fixed (float* pd = dyt)
        {
            var d = pd + (long)v * q * Lanes;
            var acc = Vector256<float>.Zero;
            for (var j = 0; j < q; j++)
            {
                acc = Avx.Add(acc, Avx.LoadVector256(d + (long)j * Lanes));
            }
            var sums = stackalloc float[Lanes];
            Avx.Store(sums, acc);
            for (var l = 0; l < Lanes && v * Lanes + l < cout; l++)
            {
                db[v * Lanes + l] += sums[l];
            }
        }
    }

    /// <summary>Channels 8v..8v+7 of image i of dY ([B, Cout, P]) into dyt[v][i*P + j][lane] (channels past Cout zero).</summary>
    private static void TransposeImage(float* pdy, float[] dyt, int v, int i, int cout, int p, int q)
    {
        fixed (float* pd0 = dyt)
        {
            var d = pd0 + (long)v * q * Lanes + (long)i * p * Lanes;
            if (Avx.IsSupported && (v + 1) * Lanes <= cout)
            {
                // eight whole channels: 8 x 8 blocks transposed in registers, the tail of the positions one by one
                var src = pdy + (long)(i * cout + v * Lanes) * p;
                var j = 0;
                for (; j + Lanes <= p; j += Lanes)
                {
                    Sgemm.Transpose8x8(src + j, p, d + (long)j * Lanes, Lanes);
                }
                for (; j < p; j++)
                {
                    for (var l = 0; l < Lanes; l++)
                    {
                        d[(long)j * Lanes + l] = src[(long)l * p + j];
                    }
                }
                return;
            }
            for (var l = 0; l < Lanes; l++)
            {
                var co = v * Lanes + l;
                var src = pdy + (long)(i * cout + co) * p;
                for (var j = 0; j < p; j++)
                {
                    d[(long)j * Lanes + l] = co < cout ? src[j] : 0f;
                }
            }
        }
    }

    private void WeightGradientPass(int v, int k0, int taps, int cout, int q, float* dW)
    {
        var k = _off.Length;
        var total = stackalloc float[Taps * Lanes];
        for (var r = 0; r < Taps; r++)
        {
            for (var l = 0; l < Lanes; l++)
            {
                var co = v * Lanes + l;
                total[r * Lanes + l] = r < taps && co < cout ? dW[co * k + k0 + r] : 0f;
            }
        }
        var offs = stackalloc int[Taps];
        for (var r = 0; r < Taps; r++)
        {
            offs[r] = r < taps ? _off[k0 + r] : 0;
        }
        fixed (float* xp = _xp, dyt0 = _dyt)
        fixed (int* qb = _qBase)
        {
            var dyt = dyt0 + (long)v * q * Lanes;
            for (var b0 = 0; b0 < q; b0 += KC)
            {
                var b1 = Math.Min(q, b0 + KC);
                if (Avx2.IsSupported && Fma.IsSupported)
                {
                    PassBlock(taps, xp, qb, dyt, offs, b0, b1, total);
                }
                else
                {
                    for (var r = 0; r < Taps; r++)
                    {
                        for (var l = 0; l < Lanes; l++)
                        {
                            var s = 0f;
                            for (var j = b0; j < b1; j++)
                            {
                                s = MathF.FusedMultiplyAdd(dyt[(long)j * Lanes + l], xp[qb[j] + offs[r]], s);
                            }
                            total[r * Lanes + l] += s;
                        }
                    }
                }
            }
        }
        for (var r = 0; r < taps; r++)
        {
            for (var l = 0; l < Lanes; l++)
            {
                var co = v * Lanes + l;
                if (co < cout)
                {
                    dW[co * k + k0 + r] = total[r * Lanes + l];
                }
            }
        }
    }

    /// <summary>The kernel of <see cref="PassBlock{T}"/> with exactly <paramref name="taps"/> (1-13) accumulators.</summary>
    private static void PassBlock(int taps, float* xp, int* qb, float* dyt, int* offs, int b0, int b1, float* total)
    {
        switch (taps)
        {
            case 1: PassBlock<TapCount1>(xp, qb, dyt, offs, b0, b1, total); break;
            case 2: PassBlock<TapCount2>(xp, qb, dyt, offs, b0, b1, total); break;
            case 3: PassBlock<TapCount3>(xp, qb, dyt, offs, b0, b1, total); break;
            case 4: PassBlock<TapCount4>(xp, qb, dyt, offs, b0, b1, total); break;
            case 5: PassBlock<TapCount5>(xp, qb, dyt, offs, b0, b1, total); break;
            case 6: PassBlock<TapCount6>(xp, qb, dyt, offs, b0, b1, total); break;
            case 7: PassBlock<TapCount7>(xp, qb, dyt, offs, b0, b1, total); break;
            case 8: PassBlock<TapCount8>(xp, qb, dyt, offs, b0, b1, total); break;
            case 9: PassBlock<TapCount9>(xp, qb, dyt, offs, b0, b1, total); break;
            case 10: PassBlock<TapCount10>(xp, qb, dyt, offs, b0, b1, total); break;
            case 11: PassBlock<TapCount11>(xp, qb, dyt, offs, b0, b1, total); break;
            case 12: PassBlock<TapCount12>(xp, qb, dyt, offs, b0, b1, total); break;
            case 13: PassBlock<TapCount13>(xp, qb, dyt, offs, b0, b1, total); break;
            default: throw new ArgumentOutOfRangeException(nameof(taps));
        }
    }

    /// <summary>Number of taps of a weight-gradient pass, a constant of each kernel instantiation (the JIT drops the unused accumulators).</summary>
    private interface ITapCount
    {
        static abstract int Value { get; }
    }

    private readonly struct TapCount1 : ITapCount { public static int Value => 1; }
    private readonly struct TapCount2 : ITapCount { public static int Value => 2; }
    private readonly struct TapCount3 : ITapCount { public static int Value => 3; }
    private readonly struct TapCount4 : ITapCount { public static int Value => 4; }
    private readonly struct TapCount5 : ITapCount { public static int Value => 5; }
    private readonly struct TapCount6 : ITapCount { public static int Value => 6; }
    private readonly struct TapCount7 : ITapCount { public static int Value => 7; }
    private readonly struct TapCount8 : ITapCount { public static int Value => 8; }
    private readonly struct TapCount9 : ITapCount { public static int Value => 9; }
    private readonly struct TapCount10 : ITapCount { public static int Value => 10; }
    private readonly struct TapCount11 : ITapCount { public static int Value => 11; }
    private readonly struct TapCount12 : ITapCount { public static int Value => 12; }
    private readonly struct TapCount13 : ITapCount { public static int Value => 13; }

    /// <summary>One block of positions [b0, b1): T.Value tap accumulators from zero, then added onto the running totals.</summary>
    private static void PassBlock<T>(float* xp, int* qb, float* dyt, int* offs, int b0, int b1, float* total)
        where T : struct, ITapCount
    {
        var n = T.Value;
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default;
        Vector256<float> a7 = default, a8 = default, a9 = default, a10 = default, a11 = default, a12 = default;
        int o0 = offs[0], o1 = offs[1], o2 = offs[2], o3 = offs[3], o4 = offs[4], o5 = offs[5], o6 = offs[6];
        int o7 = offs[7], o8 = offs[8], o9 = offs[9], o10 = offs[10], o11 = offs[11], o12 = offs[12];
        for (var j = b0; j < b1; j++)
        {
            var d = Avx.LoadVector256(dyt + (long)j * Lanes);
            var x = xp + qb[j];
            a0 = Fma.MultiplyAdd(d, Avx.BroadcastScalarToVector256(x + o0), a0);
            if (n > 1) a1 = Fma.MultiplyAdd(d, Avx.BroadcastScalarToVector256(x + o1), a1);
            if (n > 2) a2 = Fma.MultiplyAdd(d, Avx.BroadcastScalarToVector256(x + o2), a2);
            if (n > 3) a3 = Fma.MultiplyAdd(d, Avx.BroadcastScalarToVector256(x + o3), a3);
            if (n > 4) a4 = Fma.MultiplyAdd(d, Avx.BroadcastScalarToVector256(x + o4), a4);
            if (n > 5) a5 = Fma.MultiplyAdd(d, Avx.BroadcastScalarToVector256(x + o5), a5);
            if (n > 6) a6 = Fma.MultiplyAdd(d, Avx.BroadcastScalarToVector256(x + o6), a6);
            if (n > 7) a7 = Fma.MultiplyAdd(d, Avx.BroadcastScalarToVector256(x + o7), a7);
            if (n > 8) a8 = Fma.MultiplyAdd(d, Avx.BroadcastScalarToVector256(x + o8), a8);
            if (n > 9) a9 = Fma.MultiplyAdd(d, Avx.BroadcastScalarToVector256(x + o9), a9);
            if (n > 10) a10 = Fma.MultiplyAdd(d, Avx.BroadcastScalarToVector256(x + o10), a10);
            if (n > 11) a11 = Fma.MultiplyAdd(d, Avx.BroadcastScalarToVector256(x + o11), a11);
            if (n > 12) a12 = Fma.MultiplyAdd(d, Avx.BroadcastScalarToVector256(x + o12), a12);
        }
        AddTo(total, a0);
        if (n > 1) AddTo(total + 8, a1);
        if (n > 2) AddTo(total + 16, a2);
        if (n > 3) AddTo(total + 24, a3);
        if (n > 4) AddTo(total + 32, a4);
        if (n > 5) AddTo(total + 40, a5);
        if (n > 6) AddTo(total + 48, a6);
        if (n > 7) AddTo(total + 56, a7);
        if (n > 8) AddTo(total + 64, a8);
        if (n > 9) AddTo(total + 72, a9);
        if (n > 10) AddTo(total + 80, a10);
        if (n > 11) AddTo(total + 88, a11);
        if (n > 12) AddTo(total + 96, a12);
    }

    private static void AddTo(float* t, Vector256<float> v) => Avx.Store(t, Avx.Add(Avx.LoadVector256(t), v));

    private float[] _wt = [];
    private int[] _rowOff = [];

    /// <summary>Packs the BP weights as W^T in MR-row panels (rows = taps k, reduction over Cout), once per backward.</summary>
    public void PackTransposedWeights(ReadOnlySpan<float> w, int cout)
    {
        var k = _off.Length;
        var blocks = (k + MR - 1) / MR;
        if (_wt.Length < blocks * MR * cout)
        {
            _wt = new float[blocks * MR * cout];
        }
        for (var kb = 0; kb < blocks; kb++)
        {
            var d = _wt.AsSpan(kb * MR * cout, MR * cout);
            for (var co = 0; co < cout; co++)
            {
                for (var r = 0; r < MR; r++)
                {
                    var kk = kb * MR + r;
                    d[co * MR + r] = kk < k ? w[co * k + kk] : 0f;
                }
            }
        }
        if (_rowOff.Length != cout)
        {
            _rowOff = new int[cout];
        }
        for (var co = 0; co < cout; co++)
        {
            _rowOff[co] = co * GridLength;
        }
    }

    /// <summary>Floats of the per-worker scratch <see cref="InputGradient"/> needs.</summary>
    public int InputGradientScratch(int cout) => cout * GridLength + MR * GridLength + ImageStride + 16;

    /// <summary>
    /// dx of image <paramref name="i"/> ([Cin, H, W], cleared by the caller) from dY: per block of 6 taps, dcol rows
    /// W^T dY on the padded-width grid (an FMA chain over Cout from zero, the GEMM's order; dY zero on the dropped
    /// columns, so those rows hold +0 there), then each row added onto the padded dx at its tap's offset, taps in
    /// ascending order: col2im's additions in col2im's order. Weights from <see cref="PackTransposedWeights"/>.
    /// </summary>
    public void InputGradient(int i, ReadOnlySpan<float> dy, int cout, Tensors.Precision precision, Span<float> dx, Span<float> scratch)
    {
        var k = _off.Length;
        // rows span the grid up to the last valid output (the dropped columns after it would land past the image)
        int p = OutH * OutW, oh = OutH, ow = OutW, len = GridLength, n = (oh - 1) * Wp + ow;
        var dyp = scratch[..(cout * len)];
        var rows = scratch.Slice(cout * len, MR * len);
        var dxp = Pad == 0 ? dx : scratch.Slice(cout * len + MR * len, ImageStride);
        dyp.Clear();
        for (var co = 0; co < cout; co++)
        {
            var src = dy.Slice((i * cout + co) * p, p);
            for (var y = 0; y < oh; y++)
            {
                src.Slice(y * ow, ow).CopyTo(dyp.Slice(co * len + y * Wp, ow));
            }
        }
        Tensors.PrecisionRounding.Round(dyp, precision);
        if (Pad != 0)
        {
            dxp.Clear();
        }
        fixed (float* pdy = dyp, prow = rows, wt = _wt)
        fixed (int* ro = _rowOff)
        {
            for (var kb = 0; kb * MR < k; kb++)
            {
                var taps = Math.Min(MR, k - kb * MR);
                var a = wt + (long)kb * MR * cout;
                for (var o = 0; o < len; o += 16)
                {
                    for (var pc = 0; pc < cout; pc += KC)
                    {
                        Tile(pdy + o, ro + pc, a + (long)pc * MR, Math.Min(KC, cout - pc), prow + o, len, taps, pc > 0);
                    }
                }
                for (var r = 0; r < taps; r++)
                {
                    var dst = dxp.Slice(_off[kb * MR + r], n);
                    System.Numerics.Tensors.TensorPrimitives.Add(dst, rows.Slice(r * len, n), dst);
                }
            }
        }
        if (Pad != 0)
        {
            for (var c = 0; c < Cin; c++)
            {
                for (var y = 0; y < H; y++)
                {
                    dxp.Slice(c * Hp * Wp + (y + Pad) * Wp + Pad, W).CopyTo(dx.Slice((c * H + y) * W, W));
                }
            }
        }
    }
}
