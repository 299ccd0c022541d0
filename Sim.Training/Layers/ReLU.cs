using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Rectified linear unit; the gradient passes where the input was positive.</summary>
public sealed class ReLU : Layer
{
    private Tensor? _x, _y, _dx;

    /// <summary>
    /// True when the layer before already applied this ReLU to its output (<see cref="IReluFusable"/>): forward
    /// passes the input through, backward gates on it (positive exactly where the pre-activation was).
    /// </summary>
    public bool InputActivated { get; set; }

    /// <summary>
    /// True when the layer reading this ReLU's output applies the gradient gate as it writes its input gradient
    /// (<see cref="IReluGradientFusable"/>): backward passes the gradient through.
    /// </summary>
    public bool GradientGated { get; set; }

    /// <summary>The input of the last forward pass: the tensor whose positive elements pass the gradient.</summary>
    public Tensor? Input => _x;

    /// <summary>
    /// dx = gate &gt; 0 ? dx : +0 in place, on the worker threads (the gate of a fused consumer's paths that did not
    /// apply it as they wrote dx); no gate leaves dx as it is. Returns dx.
    /// </summary>
    internal static Tensor GateInPlace(Tensor? gate, Tensor dx)
    {
        if (gate is null)
        {
            return dx;
        }
        const int Chunk = 1 << 14;
        var n = dx.Length;
        var (gd, dd) = (gate.Data, dx.Data);
        Workers.Run((n + Chunk - 1) / Chunk, Workers.ForStreaming(n), t =>
        {
            var at = t * Chunk;
            var len = Math.Min(Chunk, n - at);
            Gate(gd.AsSpan(at, len), dd.AsSpan(at, len), dd.AsSpan(at, len));
        });
        return dx;
    }

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        _x = x;
        if (InputActivated)
        {
            return x;
        }
        var y = Tensor.EnsureLike(ref _y, x);
        Apply(x.Span, y.Span);
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        if (GradientGated)
        {
            return dy;
        }
        var x = _x!;
        var dx = Tensor.EnsureLike(ref _dx, x);
        // memory-bound: in chunks of 16K values on the worker threads
        const int Chunk = 1 << 14;
        var n = x.Length;
        var (xd, dyd, dxd) = (x.Data, dy.Data, dx.Data);
        Workers.Run((n + Chunk - 1) / Chunk, Workers.ForStreaming(n), t =>
        {
            var at = t * Chunk;
            var len = Math.Min(Chunk, n - at);
            Gate(xd.AsSpan(at, len), dyd.AsSpan(at, len), dxd.AsSpan(at, len));
        });
        return dx;
    }

    /// <summary>y = x &gt; 0 ? x : +0 (NaN gives 0), eight lanes at a time with AVX (maxps returns its second operand on NaN or equal zeros); x and y may be the same span.</summary>
    public static unsafe void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        var i = 0;
        if (Avx.IsSupported)
        {
            fixed (float* px = x, py = y)
            {
                for (; i + 8 <= x.Length; i += 8)
                {
                    Avx.Store(py + i, Avx.Max(Avx.LoadVector256(px + i), Vector256<float>.Zero));
                }
            }
        }
        for (; i < x.Length; i++)
        {
            y[i] = x[i] > 0f ? x[i] : 0f;
        }
    }

    /// <summary>y = ReLU(x + b) per element: the addition, then <see cref="Apply"/>'s max (bias and activation in one pass).</summary>
    public static unsafe void AddApply(ReadOnlySpan<float> x, float b, Span<float> y)
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException("output shorter than the input");
        }
        var i = 0;
        if (Avx.IsSupported)
        {
            var vb = Vector256.Create(b);
            fixed (float* px = x, py = y)
            {
                for (; i + 8 <= x.Length; i += 8)
                {
                    Avx.Store(py + i, Avx.Max(Avx.Add(Avx.LoadVector256(px + i), vb), Vector256<float>.Zero));
                }
            }
        }
        for (; i < x.Length; i++)
        {
            var v = x[i] + b;
            y[i] = v > 0f ? v : 0f;
        }
    }

    /// <summary>dx = x &gt; 0 ? dy : +0.</summary>
    public static unsafe void Gate(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var i = 0;
        if (Avx.IsSupported)
        {
            fixed (float* px = x, pd = dy, po = dx)
            {
                for (; i + 8 <= x.Length; i += 8)
                {
                    var keep = Avx.CompareGreaterThan(Avx.LoadVector256(px + i), Vector256<float>.Zero);
                    Avx.Store(po + i, Avx.And(keep, Avx.LoadVector256(pd + i)));
                }
            }
        }
        for (; i < x.Length; i++)
        {
            dx[i] = x[i] > 0f ? dy[i] : 0f;
        }
    }
}
