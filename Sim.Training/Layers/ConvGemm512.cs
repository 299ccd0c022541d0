using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Sim.Training.Gemm;

namespace Sim.Training.Layers;

/// <summary>
/// The AVX-512 GEMM kernels of <see cref="Conv2d"/>'s stride-1 FP32 paths, on the tensors in place. The 1x1 unpadded
/// convolution (the pointwise half of a depthwise-separable block) is three GEMMs: forward Y_i[Cout, P] = W X_i, input
/// gradient dX_i = W^T dY_i, weight gradient dW += dY X^T over the batch's Q = B * P positions, with no padded copy
/// and no im2col. The direct convolution (<see cref="DirectConv"/>) runs its forward through the same tile, its
/// reduction rows being the padded input at the offset table's taps.
/// </summary>
/// <remarks>
/// Every value is reduced exactly as <see cref="Sgemm"/> reduces it over im2col (which for a 1x1 kernel is the
/// input itself): the reduction in blocks of 256, a fused multiply-add chain from zero inside a block, blocks added
/// in order; then the bias (forward), or the addition onto the cleared dX (input gradient: +0 + v), or onto the
/// running dW (weight gradient, blocks of 256 consecutive positions across image boundaries). So results are bit
/// for bit those of the other paths (<c>DirectConvTests</c>). The tile is 8 output rows x 32 positions (16
/// accumulators), reduction row kk read at b + off[kk]; the last vector of a row overlaps the one before when the
/// row is not a multiple of 16 long (those positions computed twice, identically). The weight gradient keeps the
/// input channels in the lanes: X is transposed once per backward to [channel vector][Q][16], and dY is read in
/// place as broadcasts.
/// </remarks>
internal sealed unsafe class ConvGemm512
{
    private const int L = 16;
    private const int MR = 8;
    private const int KC = 256;

    private float[] _a = [];
    private int[] _rowOff = [];

    /// <summary>Whether the kernels can run here (AVX-512F); otherwise <see cref="Conv2d"/> uses <see cref="DirectConv"/>.</summary>
    public static bool Supported => Avx512F.IsSupported;

    /// <summary>Packs A (rows x k, row r at a[r * lda + kk * ldk]) into 8-row panels, k-major, rows past <paramref name="rows"/> zero.</summary>
    private void Pack(ReadOnlySpan<float> a, int rows, int k, int lda, int ldk)
    {
        var blocks = (rows + MR - 1) / MR;
        if (_a.Length < blocks * MR * k)
        {
            _a = new float[blocks * MR * k];
        }
        for (var rb = 0; rb < blocks; rb++)
        {
            var d = _a.AsSpan(rb * MR * k, MR * k);
            for (var r = 0; r < MR; r++)
            {
                var row = rb * MR + r;
                for (var kk = 0; kk < k; kk++)
                {
                    d[kk * MR + r] = row < rows ? a[row * lda + kk * ldk] : 0f;
                }
            }
        }
    }

    /// <summary>Packs the forward weights W (Cout x Cin); once per forward.</summary>
    public void PackForward(ReadOnlySpan<float> w, int cout, int cin) => Pack(w, cout, cin, cin, 1);

    /// <summary>Packs W^T (Cin x Cout) for the input gradient; once per backward.</summary>
    public void PackTransposed(ReadOnlySpan<float> w, int cout, int cin) => Pack(w, cin, cout, 1, cin);

    /// <summary>How the tile's sums are stored.</summary>
    public enum Store
    {
        /// <summary>The sum as it is (forward without bias).</summary>
        Plain,
        /// <summary>Sum + bias[row] (forward).</summary>
        Bias,
        /// <summary>+0 + sum: the addition onto a cleared gradient (input gradient).</summary>
        OntoZero,
    }

    /// <summary>
    /// C[rows, p] of one image from the packed A (<see cref="PackForward"/> or <see cref="PackTransposed"/>) and
    /// B[k, p] (row kk at b + kk * p): the store as <paramref name="store"/> says, then ReLU.Apply's max when
    /// <paramref name="relu"/>; with <paramref name="gate"/> (laid out as C), ReLU.Gate's gate on it.
    /// </summary>
    public void Multiply(int rows, int k, int p, float* b, float* c, Store store, float* bias, bool relu, float* gate = null)
    {
        if (_rowOff.Length != k || (k > 1 && _rowOff[1] != p))
        {
            _rowOff = new int[k];
            for (var kk = 0; kk < k; kk++)
            {
                _rowOff[kk] = checked(kk * p);
            }
        }
        fixed (float* a0 = _a)
        fixed (int* off = _rowOff)
        {
            for (var rb = 0; rb * MR < rows; rb++)
            {
                var n = Math.Min(MR, rows - rb * MR);
                var a = a0 + (long)rb * MR * k;
                var cr = c + (long)rb * MR * p;
                var br = bias is null ? null : bias + rb * MR;
                var gr = gate is null ? null : gate + (long)rb * MR * p;
                if (p < L)
                {
                    Scalar(a, k, p, b, off, cr, n, store, br, relu, gr);
                    continue;
                }
                // vectors at 0, 16, ..., and p - 16 last (overlapping when p % 16 != 0), two per tile
                var vectors = (p + L - 1) / L;
                for (var v = 0; v < vectors; v += 2)
                {
                    var q0 = Math.Min(v * L, p - L);
                    var q1 = Math.Min((v + 1) * L, p - L);
                    Tile(a, k, b, off, q0, q1, cr, p, q0, q1, n, store, br, relu, gr);
                }
            }
        }
    }

    /// <summary>
    /// C[rows, oh * ow] of one image of a stride-1 direct convolution from the packed A (<see cref="PackForward"/>
    /// with Cin*Kh*Kw columns) and the padded image <paramref name="x"/> (row width <paramref name="wp"/>): output
    /// (r, col) reduces x[r * wp + col + off[kk]] over the taps kk; ow at least 16. Stores as <see cref="Multiply"/>.
    /// </summary>
    public void MultiplyGrid(int rows, int k, float* x, int* off, int wp, int oh, int ow, float* c, Store store, float* bias, bool relu)
    {
        var p = oh * ow;
        fixed (float* a0 = _a)
        {
            for (var rb = 0; rb * MR < rows; rb++)
            {
                var n = Math.Min(MR, rows - rb * MR);
                var a = a0 + (long)rb * MR * k;
                var cr = c + (long)rb * MR * p;
                var br = bias is null ? null : bias + rb * MR;
                var vectors = (ow + L - 1) / L;
                for (var r = 0; r < oh; r++)
                {
                    for (var v = 0; v < vectors; v += 2)
                    {
                        var c0 = Math.Min(v * L, ow - L);
                        var c1 = Math.Min((v + 1) * L, ow - L);
                        Tile(a, k, x, off, r * wp + c0, r * wp + c1, cr, p, r * ow + c0, r * ow + c1, n, store, br, relu, null);
                    }
                }
            }
        }
    }

    /// <summary>
    /// rows x 32 sums: B positions q0.. and q1.. (16 each) of the reduction rows b + off[kk], stored at positions s0 and
    /// s1 of C's rows (row stride ldc; the gate laid out as C).
    /// </summary>
    private static void Tile(float* a, int k, float* b, int* off, int q0, int q1, float* c, int ldc, int s0, int s1, int rows, Store store, float* bias, bool relu, float* gate)
    {
        Vector512<float> t00 = default, t01 = default, t10 = default, t11 = default, t20 = default, t21 = default, t30 = default, t31 = default;
        Vector512<float> t40 = default, t41 = default, t50 = default, t51 = default, t60 = default, t61 = default, t70 = default, t71 = default;
        for (var pc = 0; pc < k; pc += KC)
        {
            var kc = Math.Min(KC, k - pc);
            Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
            Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
            var ap = a + (long)pc * MR;
            var op = off + pc;
            for (var kk = 0; kk < kc; kk++)
            {
                var bp = b + op[kk];
                var x0 = Avx512F.LoadVector512(bp + q0);
                var x1 = Avx512F.LoadVector512(bp + q1);
                var w = Vector512.Create(ap[0]);
                c00 = Avx512F.FusedMultiplyAdd(w, x0, c00); c01 = Avx512F.FusedMultiplyAdd(w, x1, c01);
                w = Vector512.Create(ap[1]);
                c10 = Avx512F.FusedMultiplyAdd(w, x0, c10); c11 = Avx512F.FusedMultiplyAdd(w, x1, c11);
                w = Vector512.Create(ap[2]);
                c20 = Avx512F.FusedMultiplyAdd(w, x0, c20); c21 = Avx512F.FusedMultiplyAdd(w, x1, c21);
                w = Vector512.Create(ap[3]);
                c30 = Avx512F.FusedMultiplyAdd(w, x0, c30); c31 = Avx512F.FusedMultiplyAdd(w, x1, c31);
                w = Vector512.Create(ap[4]);
                c40 = Avx512F.FusedMultiplyAdd(w, x0, c40); c41 = Avx512F.FusedMultiplyAdd(w, x1, c41);
                w = Vector512.Create(ap[5]);
                c50 = Avx512F.FusedMultiplyAdd(w, x0, c50); c51 = Avx512F.FusedMultiplyAdd(w, x1, c51);
                w = Vector512.Create(ap[6]);
                c60 = Avx512F.FusedMultiplyAdd(w, x0, c60); c61 = Avx512F.FusedMultiplyAdd(w, x1, c61);
                w = Vector512.Create(ap[7]);
                c70 = Avx512F.FusedMultiplyAdd(w, x0, c70); c71 = Avx512F.FusedMultiplyAdd(w, x1, c71);
                ap += MR;
            }
            if (pc == 0)
            {
                (t00, t01, t10, t11, t20, t21, t30, t31) = (c00, c01, c10, c11, c20, c21, c30, c31);
                (t40, t41, t50, t51, t60, t61, t70, t71) = (c40, c41, c50, c51, c60, c61, c70, c71);
            }
            else
            {
                // blocks added in order, as the GEMM adds a later block's result onto C
                t00 += c00; t01 += c01; t10 += c10; t11 += c11; t20 += c20; t21 += c21; t30 += c30; t31 += c31;
                t40 += c40; t41 += c41; t50 += c50; t51 += c51; t60 += c60; t61 += c61; t70 += c70; t71 += c71;
            }
        }
        Put(c, s0, s1, t00, t01, store, bias, 0, relu, gate);
        if (rows > 1) Put(c + ldc, s0, s1, t10, t11, store, bias, 1, relu, gate == null ? null : gate + ldc);
        if (rows > 2) Put(c + 2 * ldc, s0, s1, t20, t21, store, bias, 2, relu, gate == null ? null : gate + 2 * ldc);
        if (rows > 3) Put(c + 3 * ldc, s0, s1, t30, t31, store, bias, 3, relu, gate == null ? null : gate + 3 * ldc);
        if (rows > 4) Put(c + 4 * ldc, s0, s1, t40, t41, store, bias, 4, relu, gate == null ? null : gate + 4 * ldc);
        if (rows > 5) Put(c + 5 * ldc, s0, s1, t50, t51, store, bias, 5, relu, gate == null ? null : gate + 5 * ldc);
        if (rows > 6) Put(c + 6 * ldc, s0, s1, t60, t61, store, bias, 6, relu, gate == null ? null : gate + 6 * ldc);
        if (rows > 7) Put(c + 7 * ldc, s0, s1, t70, t71, store, bias, 7, relu, gate == null ? null : gate + 7 * ldc);
    }

    private static void Put(float* row, int q0, int q1, Vector512<float> v0, Vector512<float> v1, Store store, float* bias, int r, bool relu, float* gate)
    {
        if (store == Store.Bias)
        {
            var bv = Vector512.Create(bias[r]);
            v0 = Avx512F.Add(v0, bv);
            v1 = Avx512F.Add(v1, bv);
        }
        else if (store == Store.OntoZero)
        {
            v0 = Avx512F.Add(Vector512<float>.Zero, v0);
            v1 = Avx512F.Add(Vector512<float>.Zero, v1);
        }
        if (relu)
        {
            // maxps returns its second operand on NaN or equal zeros: v > 0 ? v : +0, as ReLU.Apply
            v0 = Avx512F.Max(v0, Vector512<float>.Zero);
            v1 = Avx512F.Max(v1, Vector512<float>.Zero);
        }
        if (gate is not null)
        {
            // a fused ReLU's gradient gate (its input, laid out as C): +0 where it is not positive
            v0 = Vector512.GreaterThan(Avx512F.LoadVector512(gate + q0), Vector512<float>.Zero) & v0;
            v1 = Vector512.GreaterThan(Avx512F.LoadVector512(gate + q1), Vector512<float>.Zero) & v1;
        }
        Avx512F.Store(row + q0, v0);
        Avx512F.Store(row + q1, v1);
    }

    /// <summary>Rows shorter than a vector: the same chains one value at a time.</summary>
    private static void Scalar(float* a, int k, int p, float* b, int* off, float* c, int rows, Store store, float* bias, bool relu, float* gate)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var q = 0; q < p; q++)
            {
                var total = 0f;
                for (var pc = 0; pc < k; pc += KC)
                {
                    var s = 0f;
                    for (var kk = pc; kk < Math.Min(k, pc + KC); kk++)
                    {
                        s = MathF.FusedMultiplyAdd(a[(long)kk * MR + r], b[off[kk] + q], s);
                    }
                    total = pc == 0 ? s : total + s;
                }
                total = store switch { Store.Bias => total + bias[r], Store.OntoZero => 0f + total, _ => total };
                total = relu && !(total > 0f) ? 0f : total;
                c[(long)r * p + q] = gate is not null && !(gate[(long)r * p + q] > 0f) ? 0f : total;
            }
        }
    }

    /// <summary>
    /// dW[co, ci] += dY X^T for the batch x ([B, Cin, P]) and dy ([B, Cout, P]): per block of 256 consecutive
    /// positions of the batch (images in order), an FMA chain from zero, added onto dW block by block. Tasks are
    /// (block of output channels, pair of input-channel vectors), each owning its dW entries, on up to
    /// <paramref name="threads"/> threads.
    /// </summary>
    public void WeightGradient(float[] x, float[] dy, int batch, int cin, int cout, int p, float[] dW, int threads)
    {
        long q = (long)batch * p;
        var civ = (cin + L - 1) / L;
        var xt = Scratch.Get(0, civ * q * L);
        // X transposed: xt[v][j][l] = x[image j / P][channel v*16 + l][position j % P] (zero past Cin)
        Workers.Run(batch * civ, threads, t => Transpose(x, xt, t / civ, t % civ, cin, p, q));
        // 16 output channels per task with one input vector, 8 with two
        var pairs = (civ + 1) / 2;
        var rowsPer = civ == 1 ? 16 : 8;
        var coBlocks = (cout + rowsPer - 1) / rowsPer;
        Workers.Run(coBlocks * pairs, threads, t =>
        {
            var cb = t / pairs;
            var v0 = t % pairs * 2;
            var two = v0 + 1 < civ;
            GradientTask(dy, xt, cin, cout, p, q, cb * rowsPer, Math.Min(rowsPer, cout - cb * rowsPer), v0, two, dW);
        });
    }

    private static void Transpose(float[] x, float[] xt, int i, int v, int cin, int p, long q)
    {
        fixed (float* px = x, pt = xt)
        {
            var src = px + ((long)i * cin + v * L) * p;
            var dst = pt + (v * q + (long)i * p) * L;
            var lanes = Math.Min(L, cin - v * L);
            var j = 0;
            if (lanes == L)
            {
                for (; j + 8 <= p; j += 8)
                {
                    Sgemm.Transpose8x8(src + j, p, dst + (long)j * L, L);
                    Sgemm.Transpose8x8(src + 8L * p + j, p, dst + (long)j * L + 8, L);
                }
            }
            for (; j < p; j++)
            {
                for (var l = 0; l < L; l++)
                {
                    dst[(long)j * L + l] = l < lanes ? src[(long)l * p + j] : 0f;
                }
            }
        }
    }

    private static void GradientTask(float[] dy, float[] xt, int cin, int cout, int p, long q, int co0, int rows, int v0, bool two, float[] dW)
    {
        // totals start from dW (the GEMM's accumulate) and receive each block's chain
        var total = stackalloc Vector512<float>[32];
        var lanes = stackalloc float[L];
        var nv = two ? 2 : 1;
        var per = two ? 8 : 16;
        for (var r = 0; r < per; r++)
        {
            for (var u = 0; u < nv; u++)
            {
                for (var l = 0; l < L; l++)
                {
                    var ci = (v0 + u) * L + l;
                    lanes[l] = r < rows && ci < cin ? dW[(co0 + r) * cin + ci] : 0f;
                }
                total[r * 2 + u] = Vector512.Load(lanes);
            }
        }
        // row offsets of the task's output channels in an image's dY (rows past Cout repeat the last one)
        var offs = stackalloc long[16];
        for (var r = 0; r < 16; r++)
        {
            offs[r] = (long)Math.Min(r, rows - 1) * p;
        }
        fixed (float* pdy = dy, pxt = xt)
        {
            for (long b0 = 0; b0 < q; b0 += KC)
            {
                var b1 = Math.Min(q, b0 + KC);
                if (two)
                {
                    Block8x2(pdy, pxt, cout, p, q, co0, v0, b0, b1, offs, total);
                }
                else
                {
                    Block16x1(pdy, pxt, cout, p, q, co0, v0, b0, b1, offs, total);
                }
            }
        }
        for (var r = 0; r < rows; r++)
        {
            for (var u = 0; u < nv; u++)
            {
                total[r * 2 + u].Store(lanes);
                for (var l = 0; l < L; l++)
                {
                    var ci = (v0 + u) * L + l;
                    if (ci < cin)
                    {
                        dW[(co0 + r) * cin + ci] = lanes[l];
                    }
                }
            }
        }
    }

    /// <summary>One block of positions [b0, b1) for 16 output channels and one input vector: 16 chains from zero, then added onto the totals.</summary>
    private static void Block16x1(float* dy, float* xt, int cout, int p, long q, int co0, int v, long b0, long b1, long* offs, Vector512<float>* total)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<float> a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
        long o1 = offs[1], o2 = offs[2], o3 = offs[3], o4 = offs[4], o5 = offs[5], o6 = offs[6], o7 = offs[7];
        long o8 = offs[8], o9 = offs[9], o10 = offs[10], o11 = offs[11], o12 = offs[12], o13 = offs[13], o14 = offs[14], o15 = offs[15];
        var j = b0;
        while (j < b1)
        {
            var i = j / p;
            var pos = j - i * p;
            var end = Math.Min(b1, j + (p - pos));
            var d = dy + ((long)i * cout + co0) * p + pos - j;
            var xp = xt + (v * q) * L;
            for (; j < end; j++)
            {
                var xv = Avx512F.LoadVector512(xp + j * L);
                var dj = d + j;
                a0 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[0]), xv, a0);
                a1 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o1]), xv, a1);
                a2 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o2]), xv, a2);
                a3 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o3]), xv, a3);
                a4 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o4]), xv, a4);
                a5 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o5]), xv, a5);
                a6 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o6]), xv, a6);
                a7 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o7]), xv, a7);
                a8 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o8]), xv, a8);
                a9 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o9]), xv, a9);
                a10 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o10]), xv, a10);
                a11 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o11]), xv, a11);
                a12 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o12]), xv, a12);
                a13 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o13]), xv, a13);
                a14 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o14]), xv, a14);
                a15 = Avx512F.FusedMultiplyAdd(Vector512.Create(dj[o15]), xv, a15);
            }
        }
        total[0] += a0; total[2] += a1; total[4] += a2; total[6] += a3; total[8] += a4; total[10] += a5; total[12] += a6; total[14] += a7;
        total[16] += a8; total[18] += a9; total[20] += a10; total[22] += a11; total[24] += a12; total[26] += a13; total[28] += a14; total[30] += a15;
    }

    /// <summary>As <see cref="Block16x1"/> for 8 output channels and two input vectors (v, v + 1).</summary>
    private static void Block8x2(float* dy, float* xt, int cout, int p, long q, int co0, int v, long b0, long b1, long* offs, Vector512<float>* total)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<float> b0v = default, b1v = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
        long o1 = offs[1], o2 = offs[2], o3 = offs[3], o4 = offs[4], o5 = offs[5], o6 = offs[6], o7 = offs[7];
        var j = b0;
        while (j < b1)
        {
            var i = j / p;
            var pos = j - i * p;
            var end = Math.Min(b1, j + (p - pos));
            var d = dy + ((long)i * cout + co0) * p + pos - j;
            var xp0 = xt + (v * q) * L;
            var xp1 = xt + ((v + 1) * q) * L;
            for (; j < end; j++)
            {
                var x0 = Avx512F.LoadVector512(xp0 + j * L);
                var x1 = Avx512F.LoadVector512(xp1 + j * L);
                var dj = d + j;
                var w = Vector512.Create(dj[0]);
                a0 = Avx512F.FusedMultiplyAdd(w, x0, a0); b0v = Avx512F.FusedMultiplyAdd(w, x1, b0v);
                w = Vector512.Create(dj[o1]);
                a1 = Avx512F.FusedMultiplyAdd(w, x0, a1); b1v = Avx512F.FusedMultiplyAdd(w, x1, b1v);
                w = Vector512.Create(dj[o2]);
                a2 = Avx512F.FusedMultiplyAdd(w, x0, a2); b2 = Avx512F.FusedMultiplyAdd(w, x1, b2);
                w = Vector512.Create(dj[o3]);
                a3 = Avx512F.FusedMultiplyAdd(w, x0, a3); b3 = Avx512F.FusedMultiplyAdd(w, x1, b3);
                w = Vector512.Create(dj[o4]);
                a4 = Avx512F.FusedMultiplyAdd(w, x0, a4); b4 = Avx512F.FusedMultiplyAdd(w, x1, b4);
                w = Vector512.Create(dj[o5]);
                a5 = Avx512F.FusedMultiplyAdd(w, x0, a5); b5 = Avx512F.FusedMultiplyAdd(w, x1, b5);
                w = Vector512.Create(dj[o6]);
                a6 = Avx512F.FusedMultiplyAdd(w, x0, a6); b6 = Avx512F.FusedMultiplyAdd(w, x1, b6);
                w = Vector512.Create(dj[o7]);
                a7 = Avx512F.FusedMultiplyAdd(w, x0, a7); b7 = Avx512F.FusedMultiplyAdd(w, x1, b7);
            }
        }
        total[0] += a0; total[1] += b0v; total[2] += a1; total[3] += b1v; total[4] += a2; total[5] += b2; total[6] += a3; total[7] += b3;
        total[8] += a4; total[9] += b4; total[10] += a5; total[11] += b5; total[12] += a6; total[13] += b6; total[14] += a7; total[15] += b7;
    }
}
