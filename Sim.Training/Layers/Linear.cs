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
            xs = Tensor.Ensure(ref _xr, x.Shape.ToArray());
            x.Span.CopyTo(xs.Span);
            PrecisionRounding.Round(xs.Span, ctx.Precision);
        }
        var shape = x.Shape.ToArray();
        shape[^1] = Cout;
        var y = Tensor.Ensure(ref _y, shape);
        Sgemm.Multiply(false, true, rows, Cout, inF, xs.Span, inF, FpOperand, inF, y.Span, Cout);
        if (Bias is not null)
        {
            var b = Bias.Value.Data;
            for (var r = 0; r < rows; r++)
            {
                var row = y.Span.Slice(r * Cout, Cout);
                for (var j = 0; j < Cout; j++)
                {
                    row[j] += b[j];
                }
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
            dys = Tensor.Ensure(ref _dyr, dy.Shape.ToArray());
            dy.Span.CopyTo(dys.Span);
            PrecisionRounding.Round(dys.Span, ctx.Precision);
        }
        var phase = ctx.Profile?.Enter(Engine.TrainingPhase.WeightGradient);
        // WG: dW[out, in] += dY^T[out, rows] * X[rows, in]  (dense, no weight operand)
        Sgemm.Multiply(true, false, Cout, inF, rows, dys.Span, Cout, xs.Span, inF, Weight.Grad.Span, inF, accumulate: true);
        if (Bias is not null)
        {
            var db = Bias.Grad.Data;
            for (var r = 0; r < rows; r++)
            {
                var row = dy.Span.Slice(r * Cout, Cout);
                for (var j = 0; j < Cout; j++)
                {
                    db[j] += row[j];
                }
            }
        }
        if (phase is { } before)
        {
            ctx.Profile!.Enter(before);
        }
        // BP: dX[rows, in] = dY[rows, out] * W_bp[out, in]
        var dx = Tensor.Ensure(ref _dx, x.Shape.ToArray());
        if (!ComputeInputGradient)
        {
            dx.Clear();
            return dx;
        }
        Sgemm.Multiply(false, false, rows, inF, Cout, dys.Span, Cout, BpOperand, inF, dx.Span, inF);
        return dx;
    }
}
