using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Sim.Training.Gemm;
using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// Fully connected layer y = x W^T + b over the last dimension (leading dimensions are rows, so it serves
/// token sequences in ViT too). W is (out, in): FP reduces over in, BP over out.
/// </summary>
public sealed class Linear : WeightLayer
{
    private Tensor? _x, _xr, _dyr, _y, _dx;

    public Linear(int inFeatures, int outFeatures, Rng rng, bool bias = true)
        : base(outFeatures, inFeatures, 1, 1, bias, rng)
    {
    }

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        var inF = Cin;
        if (x[x.Rank - 1] != inF)
        {
            throw new ArgumentException($"{Name}: input {x.ShapeText} does not end in {inF} features");
        }
        var rows = x.Length / inF;
        _x = x;
        var xs = x;
        if (ctx.Precision != Precision.FP32)
        {
            xs = Tensor.EnsureLike(ref _xr, x);
            x.Span.CopyTo(xs.Span);
            PrecisionRounding.Round(xs.Span, ctx.Precision);
        }
        Span<int> shape = stackalloc int[x.Rank];
        for (var d = 0; d < shape.Length; d++)
        {
            shape[d] = x[d];
        }
        shape[^1] = Cout;
        var y = Tensor.Ensure(ref _y, shape);
        Sgemm.Multiply(false, true, rows, Cout, inF, xs.Span, inF, FpOperand, inF, y.Span, Cout);
        if (Bias is not null)
        {
            var b = Bias.Value.Span;
            for (var r = 0; r < rows; r++)
            {
                var row = y.Span.Slice(r * Cout, Cout);
                TensorPrimitives.Add(row, b, row);
            }
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var x = _x ?? throw new InvalidOperationException($"{Name}: backward before forward");
        var inF = Cin;
        var rows = x.Length / inF;
        var xs = ctx.Precision != Precision.FP32 ? _xr! : x;
        var dys = dy;
        if (ctx.Precision != Precision.FP32)
        {
            dys = Tensor.EnsureLike(ref _dyr, dy);
            dy.Span.CopyTo(dys.Span);
            PrecisionRounding.Round(dys.Span, ctx.Precision);
        }
        var phase = ctx.Profile?.Enter(Engine.TrainingPhase.WeightGradient);
        // WG: dW[out, in] += dY^T[out, rows] * X[rows, in]  (dense, no weight operand)
        Sgemm.Multiply(true, false, Cout, inF, rows, dys.Span, Cout, xs.Span, inF, Weight.Grad.Span, inF, accumulate: true);
        if (Bias is not null)
        {
            var db = Bias.Grad.Span;
            for (var r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(db, dy.Span.Slice(r * Cout, Cout), db);
            }
        }
        if (phase is { } before)
        {
            ctx.Profile!.Enter(before);
        }
        // BP: dX[rows, in] = dY[rows, out] * W_bp[out, in]
        var dx = Tensor.EnsureLike(ref _dx, x);
        if (!ComputeInputGradient)
        {
            dx.Clear();
            return dx;
        }
        Sgemm.Multiply(false, false, rows, inF, Cout, dys.Span, Cout, BpOperand, inF, dx.Span, inF);
        return dx;
    }
}
