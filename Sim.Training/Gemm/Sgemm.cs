using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sim.Training.Gemm;

/// <summary>
/// Single-precision GEMM, C = op(A) * op(B) (+ C), row-major, written for training speed: Goto-style
/// cache blocking (KC x MC block of A in L2, KC x NR micro-panels of B in L1), packed panels, a 6 x 16
/// AVX2+FMA register-blocked micro-kernel (6 x 32 with AVX-512 where present), and threads over disjoint
/// column (or row) ranges of C.
/// </summary>
/// <remarks>
/// Determinism: every element of C is reduced by one thread in one fixed order (K blocks in sequence,
/// k ascending inside a block), whatever the thread count, so results are bit-identical across runs and
/// across machines with the same instruction set.
/// </remarks>
public static unsafe class Sgemm
{
    private const int MR = 6;
    private const int KC = 256;
    private const int MC = 144;
    private const int NC = 3072;
    private const int PackGroup = 8;
    private const long SharedBudgetFloats = 1L << 22;
    private static readonly object SharedLock = new();

    private static readonly bool UseAvx512 = Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
    private static readonly bool UseAvx2 = Avx2.IsSupported && Fma.IsSupported;
    private static readonly int NR = UseAvx512 ? 32 : 16;

    [ThreadStatic] private static float* t_packA;
    [ThreadStatic] private static float* t_packB;

    /// <summary>Upper bound on worker threads (default: processor count).</summary>
    public static int MaxThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>Name of the micro-kernel in use (reported by <c>satsim bench gemm</c>).</summary>
    public static string KernelName => UseAvx512 ? "avx512-6x32" : UseAvx2 ? "avx2-fma-6x16" : "scalar-6x16";

    /// <summary>
    /// C[m x n] = op(A)[m x k] * op(B)[k x n], or C += ... when <paramref name="accumulate"/>.
    /// op(A) is A (m x k, row stride lda) or, when <paramref name="transA"/>, the transpose of A (k x m).
    /// </summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate = false)
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }
        CheckOperand("A", a, transA ? k : m, transA ? m : k, lda);
        CheckOperand("B", b, transB ? n : k, transB ? k : n, ldb);
        CheckOperand("C", c, m, n, ldc);
        if (k <= 0)
        {
            if (!accumulate)
            {
                for (var i = 0; i < m; i++)
                {
                    c.Slice(i * ldc, n).Clear();
                }
            }
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new Job(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
            var threads = ChooseThreads(m, n, k);
            if (threads <= 1)
            {
                job.RunSerial();
            }
            else
            {
                job.RunParallel(threads);
            }
        }
    }

    private static void CheckOperand(string name, ReadOnlySpan<float> x, int rows, int cols, int ld)
    {
        if (ld < cols || (rows > 0 && (long)(rows - 1) * ld + cols > x.Length))
        {
            throw new ArgumentException($"GEMM operand {name}: {rows}x{cols} with stride {ld} does not fit in {x.Length} values");
        }
    }

    private static int ChooseThreads(int m, int n, int k)
    {
        var work = (long)m * n * k;
        if (work < (1L << 21) || MaxThreads <= 1)
        {
            return 1;
        }
        return Math.Min(MaxThreads, Environment.ProcessorCount);
    }

    /// <summary>Work counters shared by the workers of one parallel call (dynamic scheduling).</summary>
    private sealed class WorkQueue
    {
        public int Next;
    }

    private readonly struct Job
    {
        private readonly bool _transA, _transB, _accumulate;
        private readonly int _m, _n, _k, _lda, _ldb, _ldc;
        private readonly nint _a, _b, _c;

        public Job(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
        {
            _transA = transA; _transB = transB; _m = m; _n = n; _k = k;
            _a = (nint)a; _b = (nint)b; _c = (nint)c; _lda = lda; _ldb = ldb; _ldc = ldc; _accumulate = accumulate;
        }

        /// <summary>Single-threaded: Goto loop nest with a thread-local packed B block.</summary>
        public void RunSerial()
        {
            var nr = NR;
            EnsureThreadBuffers();
            var packB = t_packB;
            if (!_transB)
            {
                // B is read in place (see Macro), so no block of it is copied
                for (var pc = 0; pc < _k; pc += KC)
                {
                    Macro(0, _m, 0, 0, _n, _n, pc, Math.Min(KC, _k - pc), null);
                }
                return;
            }
            for (var jc = 0; jc < _n; jc += NC)
            {
                var nc = Math.Min(NC, _n - jc);
                for (var pc = 0; pc < _k; pc += KC)
                {
                    var kc = Math.Min(KC, _k - pc);
                    PackB((float*)_b, _ldb, _transB, pc, kc, jc, nc, nr, packB);
                    Macro(0, _m, jc, 0, nc, nc, pc, kc, packB);
                }
            }
        }

        /// <summary>
        /// Multi-threaded. B (all of K for a chunk of columns) is packed once into one shared buffer, the
        /// packing itself split between the workers; then C is cut into many small tiles that workers take
        /// from a shared counter, so a worker descheduled by the OS (the machine is shared) does not hold
        /// the others back as a static half/half split did. Each tile runs all K blocks in order with the
        /// same micro-tile grid (anchored at 0, MR x NR) as <see cref="RunSerial"/>, so results are
        /// bit-identical to the serial path whatever the thread count or schedule.
        /// </summary>
        public void RunParallel(int threads)
        {
            var nr = NR;
            var self = this;
            if (!_transB)
            {
                RunParallelInPlace(threads);
                return;
            }
            var chunkCols = (int)Math.Max(nr, SharedBudgetFloats / _k / nr * nr);
            var maxCols = Math.Min(chunkCols, (_n + nr - 1) / nr * nr);
            var need = (long)_k * maxCols;
            var shared = TakeSharedB(need, out var capacity);
            try
            {
                var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
                var kBlocks = (_k + KC - 1) / KC;
                var rowTile = Math.Clamp((_m + 8 * threads - 1) / (8 * threads), MR, MC);
                rowTile = (rowTile + MR - 1) / MR * MR;
                var rowTasks = (_m + rowTile - 1) / rowTile;
                for (var jc = 0; jc < _n; jc += chunkCols)
                {
                    var nc = Math.Min(chunkCols, _n - jc);
                    var panels = (nc + nr - 1) / nr;
                    var ncp = panels * nr;
                    var jcc = jc;

                    // Phase 1: pack op(B)[:, jc..jc+nc) for all K blocks, PackGroup panels per task.
                    var groups = (panels + PackGroup - 1) / PackGroup;
                    var packTasks = kBlocks * groups;
                    var packQueue = new WorkQueue();
                    Parallel.For(0, threads, options, _ =>
                    {
                        int t;
                        while ((t = Interlocked.Increment(ref packQueue.Next) - 1) < packTasks)
                        {
                            var pc = t / groups * KC;
                            var kc = Math.Min(KC, self._k - pc);
                            var j0 = t % groups * PackGroup * nr;
                            var cols = Math.Min(PackGroup * nr, nc - j0);
                            PackB((float*)self._b, self._ldb, self._transB, pc, kc, jcc + j0, cols, nr, shared + (long)pc * ncp + (long)j0 * kc);
                        }
                    });

                    // Phase 2: tiles of C, rowTile rows x a column range, taken dynamically.
                    var colTasks = Math.Clamp((8 * threads + rowTasks - 1) / rowTasks, 1, panels);
                    var tiles = rowTasks * colTasks;
                    var tileQueue = new WorkQueue();
                    Parallel.For(0, threads, options, _ =>
                    {
                        self.EnsureThreadBuffers();
                        int t;
                        while ((t = Interlocked.Increment(ref tileQueue.Next) - 1) < tiles)
                        {
                            var ti = t / colTasks;
                            var tj = t % colTasks;
                            var i0 = ti * rowTile;
                            var i1 = Math.Min(self._m, i0 + rowTile);
                            var c0 = Math.Min(nc, panels * tj / colTasks * nr);
                            var c1 = Math.Min(nc, panels * (tj + 1) / colTasks * nr);
                            if (c0 >= c1)
                            {
                                continue;
                            }
                            for (var pc = 0; pc < self._k; pc += KC)
                            {
                                var kc = Math.Min(KC, self._k - pc);
                                self.Macro(i0, i1, jcc, c0, c1, nc, pc, kc, shared + (long)pc * ncp);
                            }
                        }
                    });
                }
            }
            finally
            {
                ReturnSharedB(shared, capacity);
            }
        }

        /// <summary>
        /// Multi-threaded with B read in place (not transposed): no packing phase; tiles of C as in
        /// <see cref="RunParallel"/> (same grid, all K blocks in order per tile), so bit-identical to the serial path.
        /// </summary>
        private void RunParallelInPlace(int threads)
        {
            var nr = NR;
            var self = this;
            var rowTile = Math.Clamp((_m + 8 * threads - 1) / (8 * threads), MR, MC);
            rowTile = (rowTile + MR - 1) / MR * MR;
            var rowTasks = (_m + rowTile - 1) / rowTile;
            var panels = (_n + nr - 1) / nr;
            var colTasks = Math.Clamp((8 * threads + rowTasks - 1) / rowTasks, 1, panels);
            var tiles = rowTasks * colTasks;
            var tileQueue = new WorkQueue();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
            {
                self.EnsureThreadBuffers();
                int t;
                while ((t = Interlocked.Increment(ref tileQueue.Next) - 1) < tiles)
                {
                    var ti = t / colTasks;
                    var tj = t % colTasks;
                    var i0 = ti * rowTile;
                    var i1 = Math.Min(self._m, i0 + rowTile);
                    var c0 = Math.Min(self._n, panels * tj / colTasks * nr);
                    var c1 = Math.Min(self._n, panels * (tj + 1) / colTasks * nr);
                    if (c0 >= c1)
                    {
                        continue;
                    }
                    for (var pc = 0; pc < self._k; pc += KC)
                    {
                        self.Macro(i0, i1, 0, c0, c1, self._n, pc, Math.Min(KC, self._k - pc), null);
                    }
                }
            });
        }

        private void EnsureThreadBuffers()
        {
            if (t_packA == null)
            {
                t_packA = (float*)NativeMemory.AlignedAlloc((nuint)(MC * KC * sizeof(float)), 64);
                t_packB = (float*)NativeMemory.AlignedAlloc((nuint)(KC * (NC + 32) * sizeof(float)), 64);
            }
        }

        /// <summary>
        /// Rows [i0, i1) x columns jc + [c0, c1) of C for one K block, B already packed for columns
        /// jc.. (panel jr at <c>packB + jr * kc</c>), or, with <paramref name="packB"/> null (B not transposed),
        /// read in place with its row stride, only a last partial panel being copied (zero-padded) into the
        /// thread's buffer; packs A into the thread's buffer MC rows at a time. The micro-kernel sees the same
        /// values in the same order either way.
        /// </summary>
        private void Macro(int i0, int i1, int jc, int c0, int c1, int nc, int pc, int kc, float* packB)
        {
            var nr = NR;
            var packA = t_packA;
            var c = (float*)_c;
            var acc = _accumulate || pc > 0;
            var tile = stackalloc float[MR * 32];
            for (var ic = i0; ic < i1; ic += MC)
            {
                var mc = Math.Min(MC, i1 - ic);
                PackA((float*)_a, _lda, _transA, ic, mc, pc, kc, packA);
                for (var jr = c0; jr < c1; jr += nr)
                {
                    var nrr = Math.Min(nr, nc - jr);
                    float* bp;
                    int ldb;
                    if (packB != null)
                    {
                        bp = packB + (long)jr * kc;
                        ldb = nr;
                    }
                    else if (nrr == nr)
                    {
                        bp = (float*)_b + (long)pc * _ldb + jc + jr;
                        ldb = _ldb;
                    }
                    else
                    {
                        bp = t_packB;
                        ldb = nr;
                        PackB((float*)_b, _ldb, false, pc, kc, jc + jr, nrr, nr, bp);
                    }
                    for (var ir = 0; ir < mc; ir += MR)
                    {
                        var mrr = Math.Min(MR, mc - ir);
                        var ap = packA + (long)ir * kc;
                        var cp = c + (long)(ic + ir) * _ldc + jc + jr;
                        if (mrr == MR && nrr == nr)
                        {
                            Kernel(kc, ap, bp, ldb, cp, _ldc, acc);
                        }
                        else
                        {
                            Kernel(kc, ap, bp, ldb, tile, nr, false);
                            for (var r = 0; r < mrr; r++)
                            {
                                var dst = cp + (long)r * _ldc;
                                var src = tile + r * nr;
                                if (acc)
                                {
                                    for (var j = 0; j < nrr; j++)
                                    {
                                        dst[j] += src[j];
                                    }
                                }
                                else
                                {
                                    for (var j = 0; j < nrr; j++)
                                    {
                                        dst[j] = src[j];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Cached shared packed-B buffer (one; a concurrent caller allocates its own).</summary>
    private static nint s_sharedB;
    private static long s_sharedBFloats;

    private static float* TakeSharedB(long floats, out long capacity)
    {
        nint p;
        lock (SharedLock)
        {
            p = s_sharedB;
            capacity = s_sharedBFloats;
            s_sharedB = 0;
        }
        if (p != 0 && capacity >= floats)
        {
            return (float*)p;
        }
        if (p != 0)
        {
            NativeMemory.AlignedFree((void*)p);
        }
        capacity = floats;
        return (float*)NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 64);
    }

    private static void ReturnSharedB(float* p, long capacity)
    {
        lock (SharedLock)
        {
            if (s_sharedB == 0)
            {
                s_sharedBFloats = capacity;
                s_sharedB = (nint)p;
                return;
            }
        }
        NativeMemory.AlignedFree(p);
    }

    /// <summary>Packs op(A)[ic.., pc..] into MR-row micro-panels, k-major, zero-padded.</summary>
    private static void PackA(float* a, int lda, bool trans, int ic, int mc, int pc, int kc, float* dst)
    {
        for (var ir = 0; ir < mc; ir += MR)
        {
            var rows = Math.Min(MR, mc - ir);
            var d = dst + (long)ir * kc;
            if (trans)
            {
                // op(A)[i,p] = a[p*lda + i]: MR consecutive values per p.
                for (var p = 0; p < kc; p++)
                {
                    var src = a + (long)(pc + p) * lda + ic + ir;
                    var r = 0;
                    for (; r < rows; r++)
                    {
                        d[r] = src[r];
                    }
                    for (; r < MR; r++)
                    {
                        d[r] = 0f;
                    }
                    d += MR;
                }
            }
            else
            {
                for (var r = 0; r < MR; r++)
                {
                    if (r < rows)
                    {
                        var src = a + (long)(ic + ir + r) * lda + pc;
                        for (var p = 0; p < kc; p++)
                        {
                            d[p * MR + r] = src[p];
                        }
                    }
                    else
                    {
                        for (var p = 0; p < kc; p++)
                        {
                            d[p * MR + r] = 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Packs op(B)[pc.., jc..] into NR-column micro-panels, k-major, zero-padded.</summary>
    private static void PackB(float* b, int ldb, bool trans, int pc, int kc, int jc, int nc, int nr, float* dst)
    {
        for (var jr = 0; jr < nc; jr += nr)
        {
            var cols = Math.Min(nr, nc - jr);
            var d = dst + (long)jr * kc;
            if (trans && Avx.IsSupported && kc >= 8)
            {
                // op(B)[p,j] = b[j*ldb + p]: 8 x 8 blocks transposed in registers, the rest of kc element by element;
                // in a last partial panel, the columns past a whole group of 8 element by element and the padding zero
                var p8 = kc & ~7;
                for (var j0 = 0; j0 < nr; j0 += 8)
                {
                    var src = b + (long)(jc + jr + j0) * ldb + pc;
                    if (j0 + 8 > cols)
                    {
                        for (var p = 0; p < kc; p++)
                        {
                            var row = d + (long)p * nr + j0;
                            var j = 0;
                            for (; j0 + j < cols; j++)
                            {
                                row[j] = src[(long)j * ldb + p];
                            }
                            for (; j < 8; j++)
                            {
                                row[j] = 0f;
                            }
                        }
                        continue;
                    }
                    for (var p = 0; p < p8; p += 8)
                    {
                        Transpose8x8(src + p, ldb, d + (long)p * nr + j0, nr);
                    }
                    for (var j = 0; j < 8; j++)
                    {
                        for (var p = p8; p < kc; p++)
                        {
                            d[p * nr + j0 + j] = src[(long)j * ldb + p];
                        }
                    }
                }
            }
            else if (trans)
            {
                // op(B)[p,j] = b[j*ldb + p]
                for (var j = 0; j < nr; j++)
                {
                    if (j < cols)
                    {
                        var src = b + (long)(jc + jr + j) * ldb + pc;
                        for (var p = 0; p < kc; p++)
                        {
                            d[p * nr + j] = src[p];
                        }
                    }
                    else
                    {
                        for (var p = 0; p < kc; p++)
                        {
                            d[p * nr + j] = 0f;
                        }
                    }
                }
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    var src = b + (long)(pc + p) * ldb + jc + jr;
                    if (cols == nr)
                    {
                        Buffer.MemoryCopy(src, d, nr * sizeof(float), nr * sizeof(float));
                    }
                    else
                    {
                        var j = 0;
                        for (; j < cols; j++)
                        {
                            d[j] = src[j];
                        }
                        for (; j < nr; j++)
                        {
                            d[j] = 0f;
                        }
                    }
                    d += nr;
                }
            }
        }
    }

    /// <summary>dst[q * lddst + r] = src[r * ldsrc + q] for an 8 x 8 block (data movement only); also used by the
    /// grouped convolution's image-major packing.</summary>
    internal static void Transpose8x8(float* src, long ldsrc, float* dst, long lddst)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + ldsrc);
        var r2 = Avx.LoadVector256(src + 2L * ldsrc);
        var r3 = Avx.LoadVector256(src + 3L * ldsrc);
        var r4 = Avx.LoadVector256(src + 4L * ldsrc);
        var r5 = Avx.LoadVector256(src + 5L * ldsrc);
        var r6 = Avx.LoadVector256(src + 6L * ldsrc);
        var r7 = Avx.LoadVector256(src + 7L * ldsrc);
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + lddst, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2L * lddst, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3L * lddst, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4L * lddst, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5L * lddst, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6L * lddst, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7L * lddst, Avx.Permute2x128(u3, u7, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel(int kc, float* a, float* b, int ldb, float* c, int ldc, bool acc)
    {
        if (UseAvx512)
        {
            Kernel6x32Avx512(kc, a, b, ldb, c, ldc, acc);
        }
        else if (UseAvx2)
        {
            Kernel6x16Avx2(kc, a, b, ldb, c, ldc, acc);
        }
        else
        {
            KernelScalar(kc, a, b, ldb, c, ldc, acc);
        }
    }

    private static void Kernel6x16Avx2(int kc, float* a, float* b, int ldb, float* c, int ldc, bool acc)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(b);
            var b1 = Avx.LoadVector256(b + 8);
            var x = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Avx.BroadcastScalarToVector256(a + 4);
            c40 = Fma.MultiplyAdd(x, b0, c40); c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Avx.BroadcastScalarToVector256(a + 5);
            c50 = Fma.MultiplyAdd(x, b0, c50); c51 = Fma.MultiplyAdd(x, b1, c51);
            a += MR;
            b += ldb;
        }
        Store2(c, acc, c00, c01);
        Store2(c + ldc, acc, c10, c11);
        Store2(c + 2 * ldc, acc, c20, c21);
        Store2(c + 3 * ldc, acc, c30, c31);
        Store2(c + 4 * ldc, acc, c40, c41);
        Store2(c + 5 * ldc, acc, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store2(float* c, bool acc, Vector256<float> v0, Vector256<float> v1)
    {
        if (acc)
        {
            v0 = Avx.Add(Avx.LoadVector256(c), v0);
            v1 = Avx.Add(Avx.LoadVector256(c + 8), v1);
        }
        Avx.Store(c, v0);
        Avx.Store(c + 8, v1);
    }

    private static void Kernel6x32Avx512(int kc, float* a, float* b, int ldb, float* c, int ldc, bool acc)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Avx512F.LoadVector512(b);
            var b1 = Avx512F.LoadVector512(b + 16);
            var x = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            a += MR;
            b += ldb;
        }
        Store2(c, acc, c00, c01);
        Store2(c + ldc, acc, c10, c11);
        Store2(c + 2 * ldc, acc, c20, c21);
        Store2(c + 3 * ldc, acc, c30, c31);
        Store2(c + 4 * ldc, acc, c40, c41);
        Store2(c + 5 * ldc, acc, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store2(float* c, bool acc, Vector512<float> v0, Vector512<float> v1)
    {
        if (acc)
        {
            v0 = Avx512F.Add(Avx512F.LoadVector512(c), v0);
            v1 = Avx512F.Add(Avx512F.LoadVector512(c + 16), v1);
        }
        Avx512F.Store(c, v0);
        Avx512F.Store(c + 16, v1);
    }

    private static void KernelScalar(int kc, float* a, float* b, int ldb, float* c, int ldc, bool acc)
    {
        var sum = stackalloc float[MR * 16];
        new Span<float>(sum, MR * 16).Clear();
        for (var p = 0; p < kc; p++)
        {
            for (var r = 0; r < MR; r++)
            {
                var x = a[r];
                for (var j = 0; j < 16; j++)
                {
                    sum[r * 16 + j] = MathF.FusedMultiplyAdd(x, b[j], sum[r * 16 + j]);
                }
            }
            a += MR;
            b += ldb;
        }
        for (var r = 0; r < MR; r++)
        {
            for (var j = 0; j < 16; j++)
            {
                c[r * ldc + j] = acc ? c[r * ldc + j] + sum[r * 16 + j] : sum[r * 16 + j];
            }
        }
    }
}
