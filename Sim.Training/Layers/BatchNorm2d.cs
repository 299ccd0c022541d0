using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// Batch normalization over (B, H, W) per channel (Ioffe and Szegedy 2015). Training uses batch
/// statistics and updates running ones (momentum 0.1, unbiased variance); evaluation uses the running
/// statistics. Sums run in double, in a fixed order, for determinism and accuracy.
/// </summary>
public sealed class BatchNorm2d : Layer
{
    private Tensor? _y, _dx, _xhat;
    private float[] _invStd = [];
    private bool _trainedPass;

    public BatchNorm2d(int channels, float eps = 1e-5f, float momentum = 0.1f)
    {
        Channels = channels;
        Eps = eps;
        Momentum = momentum;
        var g = new Tensor(channels);
        g.Span.Fill(1f);
        Gamma = new Parameter("weight", g, decay: false);
        Beta = new Parameter("bias", new Tensor(channels), decay: false);
        RunningMean = new float[channels];
        RunningVar = new float[channels];
        RunningVar.AsSpan().Fill(1f);
    }

    public int Channels { get; }
    public float Eps { get; }
    public float Momentum { get; }
    public Parameter Gamma { get; }
    public Parameter Beta { get; }
    public float[] RunningMean { get; }
    public float[] RunningVar { get; }

    public override IEnumerable<Parameter> OwnParameters() => [Gamma, Beta];

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        int b = x[0], c = x[1], hw = x.Length / (x[0] * x[1]);
        if (c != Channels)
        {
            throw new ArgumentException($"{Name}: expected {Channels} channels, got {x.ShapeText}");
        }
        var y = Tensor.EnsureLike(ref _y, x);
        var xhat = Tensor.EnsureLike(ref _xhat, x);
        if (_invStd.Length < c)
        {
            _invStd = new float[c];
        }
        _trainedPass = ctx.Training;
        var n = (double)b * hw;
        Parallel.For(0, c, new ParallelOptions { MaxDegreeOfParallelism = x.Length > 1 << 16 ? Environment.ProcessorCount : 1 }, ch =>
        {
            float mean, invStd;
            if (ctx.Training)
            {
                double s = 0, ss = 0;
                for (var i = 0; i < b; i++)
                {
                    foreach (var v in x.Span.Slice((i * c + ch) * hw, hw))
                    {
                        s += v;
                    }
                }
                var m = s / n;
                for (var i = 0; i < b; i++)
                {
                    foreach (var v in x.Span.Slice((i * c + ch) * hw, hw))
                    {
                        var d = v - m;
                        ss += d * d;
                    }
                }
                var varB = ss / n;
                mean = (float)m;
                invStd = (float)(1.0 / Math.Sqrt(varB + Eps));
                RunningMean[ch] = (1 - Momentum) * RunningMean[ch] + Momentum * mean;
                RunningVar[ch] = (1 - Momentum) * RunningVar[ch] + Momentum * (float)(n > 1 ? ss / (n - 1) : varB);
            }
            else
            {
                mean = RunningMean[ch];
                invStd = 1f / MathF.Sqrt(RunningVar[ch] + Eps);
            }
            _invStd[ch] = invStd;
            float g = Gamma.Value.Data[ch], be = Beta.Value.Data[ch];
            for (var i = 0; i < b; i++)
            {
                var off = (i * c + ch) * hw;
                for (var q = 0; q < hw; q++)
                {
                    var xh = (x.Data[off + q] - mean) * invStd;
                    xhat.Data[off + q] = xh;
                    y.Data[off + q] = g * xh + be;
                }
            }
        });
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var xhat = _xhat!;
        int b = xhat[0], c = xhat[1], hw = xhat.Length / (xhat[0] * xhat[1]);
        var dx = Tensor.EnsureLike(ref _dx, xhat);
        var n = (double)b * hw;
        Parallel.For(0, c, new ParallelOptions { MaxDegreeOfParallelism = dy.Length > 1 << 16 ? Environment.ProcessorCount : 1 }, ch =>
        {
            double sdy = 0, sdyx = 0;
            for (var i = 0; i < b; i++)
            {
                var off = (i * c + ch) * hw;
                for (var q = 0; q < hw; q++)
                {
                    sdy += dy.Data[off + q];
                    sdyx += dy.Data[off + q] * (double)xhat.Data[off + q];
                }
            }
            Gamma.Grad.Data[ch] += (float)sdyx;
            Beta.Grad.Data[ch] += (float)sdy;
            var g = Gamma.Value.Data[ch];
            var k = g * _invStd[ch];
            if (_trainedPass)
            {
                var mdy = (float)(sdy / n);
                var mdyx = (float)(sdyx / n);
                for (var i = 0; i < b; i++)
                {
                    var off = (i * c + ch) * hw;
                    for (var q = 0; q < hw; q++)
                    {
                        dx.Data[off + q] = k * (dy.Data[off + q] - mdy - xhat.Data[off + q] * mdyx);
                    }
                }
            }
            else
            {
                for (var i = 0; i < b; i++)
                {
                    var off = (i * c + ch) * hw;
                    for (var q = 0; q < hw; q++)
                    {
                        dx.Data[off + q] = k * dy.Data[off + q];
                    }
                }
            }
        });
        return dx;
    }
}
