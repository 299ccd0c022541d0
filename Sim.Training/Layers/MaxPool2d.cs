using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Max pooling (kernel, stride, zero padding ignored in the max); backward routes to the first maximum.</summary>
public sealed class MaxPool2d : Layer, IReluGradientFusable
{
    private Tensor? _y, _dx;
    private int[] _arg = [];
    private int[] _inShape = [];

    public MaxPool2d(int kernel, int stride = 0, int padding = 0)
    {
        Kernel = kernel;
        Stride = stride == 0 ? kernel : stride;
        Padding = padding;
    }

    /// <inheritdoc cref="IReluGradientFusable.GatedRelu"/>
    public ReLU? GatedRelu { get; set; }

    public int Kernel { get; }
    public int Stride { get; }
    public int Padding { get; }

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        if (!x.HasShape(_inShape))
        {
            _inShape = x.Shape.ToArray();
        }
        int b = x[0], c = x[1], h = x[2], w = x[3];
        var oh = (h + 2 * Padding - Kernel) / Stride + 1;
        var ow = (w + 2 * Padding - Kernel) / Stride + 1;
        var y = Tensor.Ensure(ref _y, b, c, oh, ow);
        if (_arg.Length < y.Length)
        {
            _arg = new int[y.Length];
        }
        var xd = x.Data;
        var yd = y.Data;
        if (Kernel == 2 && Stride == 2 && Padding == 0)
        {
            // planes in parallel, a few per task
            var args = _arg;
            var planes = b * c;
            var per = Math.Max(1, planes / 64);
            Workers.Run((planes + per - 1) / per, Workers.ForStreaming(x.Length), t =>
                Forward2x2(xd, yd, args, t * per, Math.Min(planes, (t + 1) * per), h, w, oh, ow));
            return y;
        }
        for (var bc = 0; bc < b * c; bc++)
        {
            var xb = bc * h * w;
            for (var i = 0; i < oh; i++)
            {
                for (var j = 0; j < ow; j++)
                {
                    var best = float.NegativeInfinity;
                    var arg = -1;
                    for (var ki = 0; ki < Kernel; ki++)
                    {
                        var ih = i * Stride - Padding + ki;
                        if ((uint)ih >= (uint)h)
                        {
                            continue;
                        }
                        for (var kj = 0; kj < Kernel; kj++)
                        {
                            var iw = j * Stride - Padding + kj;
                            if ((uint)iw >= (uint)w)
                            {
                                continue;
                            }
                            var v = xd[xb + ih * w + iw];
                            if (v > best || arg < 0)
                            {
                                best = v;
                                arg = xb + ih * w + iw;
                            }
                        }
                    }
                    var o = (bc * oh + i) * ow + j;
                    yd[o] = best;
                    _arg[o] = arg;
                }
            }
        }
        return y;
    }

    /// <summary>
    /// The common 2x2, stride 2 window without bounds checks; the same choice as the general loop (first maximum
    /// in row order, NaN only if first): four outputs at a time with SSE4.1 (ordered greater-than compares and
    /// blends, no branches), a row shorter than four outputs element by element.
    /// </summary>
    private static unsafe void Forward2x2(float[] xd, float[] yd, int[] args, int plane0, int plane1, int h, int w, int oh, int ow)
    {
        var vector = Sse41.IsSupported && ow >= 4;
        fixed (float* px = xd, py = yd)
        fixed (int* pa = args)
        {
            var lanes = Vector128.Create(0, 2, 4, 6);
            var right = Vector128.Create(1);
            var down = Vector128.Create(w);
            for (var bc = plane0; bc < plane1; bc++)
            {
                var xb = bc * h * w;
                var ob = bc * oh * ow;
                for (var i = 0; i < oh; i++)
                {
                    var r0 = xb + 2 * i * w;
                    var r1 = r0 + w;
                    var o = ob + i * ow;
                    if (!vector)
                    {
                        for (var j = 0; j < ow; j++)
                        {
                            Pick(px, r0, r1, j, out py[o + j], out pa[o + j]);
                        }
                        continue;
                    }
                    // the last group of four overlaps the previous one when ow is no multiple of 4 (same values rewritten)
                    for (var j0 = 0; j0 < ow; j0 += 4)
                    {
                        var j = Math.Min(j0, ow - 4);
                        var a0 = Sse.LoadVector128(px + r0 + 2 * j);
                        var a1 = Sse.LoadVector128(px + r0 + 2 * j + 4);
                        var b0 = Sse.LoadVector128(px + r1 + 2 * j);
                        var b1 = Sse.LoadVector128(px + r1 + 2 * j + 4);
                        var best = Sse.Shuffle(a0, a1, 0x88);
                        var arg = Sse2.Add(Vector128.Create(r0 + 2 * j), lanes);
                        var v = Sse.Shuffle(a0, a1, 0xDD);
                        var take = Sse.CompareGreaterThan(v, best);
                        best = Sse41.BlendVariable(best, v, take);
                        var argRow0 = arg;
                        arg = Sse41.BlendVariable(arg, Sse2.Add(argRow0, right), take.AsInt32());
                        v = Sse.Shuffle(b0, b1, 0x88);
                        take = Sse.CompareGreaterThan(v, best);
                        best = Sse41.BlendVariable(best, v, take);
                        arg = Sse41.BlendVariable(arg, Sse2.Add(argRow0, down), take.AsInt32());
                        v = Sse.Shuffle(b0, b1, 0xDD);
                        take = Sse.CompareGreaterThan(v, best);
                        best = Sse41.BlendVariable(best, v, take);
                        arg = Sse41.BlendVariable(arg, Sse2.Add(Sse2.Add(argRow0, down), right), take.AsInt32());
                        Sse.Store(py + o + j, best);
                        Sse2.Store(pa + o + j, arg);
                    }
                }
            }
        }
    }

    private static unsafe void Pick(float* x, int r0, int r1, int j, out float value, out int index)
    {
        var arg = r0 + 2 * j;
        var best = x[arg];
        var v = x[arg + 1];
        if (v > best)
        {
            best = v;
            arg += 1;
        }
        var q = r1 + 2 * j;
        v = x[q];
        if (v > best)
        {
            best = v;
            arg = q;
        }
        v = x[q + 1];
        if (v > best)
        {
            best = v;
            arg = q + 1;
        }
        value = best;
        index = arg;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var dx = Tensor.Ensure(ref _dx, _inShape);
        if (Kernel == 2 && Stride == 2 && Padding == 0 && Avx2.IsSupported && dx[3] % 2 == 0 && dx[3] >= 8)
        {
            // windows do not overlap and tile the input: each dx element is written once, +0 + dy at the window's
            // maximum (the scatter's addition onto the cleared dx), +0 elsewhere
            int planes = dx[0] * dx[1], h = dx[2], w = dx[3], oh = h / 2, ow = w / 2;
            if (h % 2 == 0)
            {
                var per = Math.Max(1, planes / 64);
                var dd0 = dx.Data;
                var gd = dy.Data;
                var args = _arg;
                // the gate of a fused ReLU, x > 0 at each window's maximum, is the pooled output's y > 0 (y is x there, bit for bit)
                var gate = GatedRelu is null ? null : _y!.Data;
                Workers.Run((planes + per - 1) / per, Workers.ForStreaming(dx.Length), t =>
                    Backward2x2(gd, args, gate, dd0, t * per, Math.Min(planes, (t + 1) * per), h, w, oh, ow));
                return dx;
            }
        }
        dx.Clear();
        var dd = dx.Data;
        var g = dy.Span;
        for (var o = 0; o < g.Length; o++)
        {
            dd[_arg[o]] += g[o];
        }
        return ReLU.GateInPlace(GatedRelu?.Input, dx);
    }

    /// <summary>
    /// The backward of <see cref="Forward2x2"/> for planes [plane0, plane1) of an even-sized input at least 8 wide:
    /// four outputs at a time, their dy and argmax spread over the 2 x 8 inputs of their windows (AVX2); with
    /// <paramref name="gate"/> (the pooled outputs), the fused ReLU's gradient gate at the same time.
    /// </summary>
    private static unsafe void Backward2x2(float[] gd, int[] args, float[]? gate, float[] dd, int plane0, int plane1, int h, int w, int oh, int ow)
    {
        fixed (float* g = gd, dx = dd, gp = gate)
        fixed (int* a = args)
        {
            // [0 0 1 1 2 2 3 3]: each output's value and index twice, for the two columns of its window
            var spread = Vector256.Create(0, 0, 1, 1, 2, 2, 3, 3);
            var cols = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            for (var bc = plane0; bc < plane1; bc++)
            {
                var xb = bc * h * w;
                var ob = bc * oh * ow;
                for (var i = 0; i < oh; i++)
                {
                    var r0 = xb + 2 * i * w;
                    var o = ob + i * ow;
                    // the last group of four overlaps the previous one when ow is no multiple of 4 (same values rewritten)
                    for (var j0 = 0; j0 < ow; j0 += 4)
                    {
                        var j = Math.Min(j0, ow - 4);
                        var gv = Avx.Add(Vector256<float>.Zero, Avx2.PermuteVar8x32(Vector256.Create(Sse.LoadVector128(g + o + j), Vector128<float>.Zero), spread));
                        if (gp is not null)
                        {
                            // the fused ReLU's gate: +0 where the window's maximum is not positive
                            var keep = Sse.CompareGreaterThan(Sse.LoadVector128(gp + o + j), Vector128<float>.Zero);
                            gv = Avx.And(gv, Avx2.PermuteVar8x32(Vector256.Create(keep, Vector128<float>.Zero), spread));
                        }
                        var av = Avx2.PermuteVar8x32(Vector256.Create(Sse2.LoadVector128(a + o + j), Vector128<int>.Zero), spread);
                        var top = Avx2.Add(Vector256.Create(r0 + 2 * j), cols);
                        var bottom = Avx2.Add(top, Vector256.Create(w));
                        var m0 = Avx2.CompareEqual(av, top).AsSingle();
                        var m1 = Avx2.CompareEqual(av, bottom).AsSingle();
                        Avx.Store(dx + r0 + 2 * j, Avx.And(m0, gv));
                        Avx.Store(dx + r0 + w + 2 * j, Avx.And(m1, gv));
                    }
                }
            }
        }
    }
}
