using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Layer normalization over the last dimension with learned scale and shift (Ba et al. 2016), used by ViT.</summary>
public sealed class LayerNorm : Layer
{
    private Tensor? _y, _dx, _xhat;
    private float[] _invStd = [];

    public LayerNorm(int dim, float eps = 1e-6f)
    {
        Dim = dim;
        Eps = eps;
        var g = new Tensor(dim);
        g.Span.Fill(1f);
        Gamma = new Parameter("weight", g, decay: false);
        Beta = new Parameter("bias", new Tensor(dim), decay: false);
    }

    public int Dim { get; }
    public float Eps { get; }
    public Parameter Gamma { get; }
    public Parameter Beta { get; }

    public override IEnumerable<Parameter> OwnParameters() => [Gamma, Beta];

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        var d = Dim;
        if (x[x.Rank - 1] != d)
        {
            throw new ArgumentException($"{Name}: expected last dimension {d}, got {x.ShapeText}");
        }
        var rows = x.Length / d;
        var y = Tensor.EnsureLike(ref _y, x);
        var xhat = Tensor.EnsureLike(ref _xhat, x);
        if (_invStd.Length < rows)
        {
            _invStd = new float[rows];
        }
        for (var r = 0; r < rows; r++)
        {
            var row = x.Span.Slice(r * d, d);
            double s = 0, ss = 0;
            foreach (var v in row)
            {
                s += v;
            }
            var m = s / d;
            foreach (var v in row)
            {
                ss += (v - m) * (v - m);
            }
            var inv = (float)(1.0 / Math.Sqrt(ss / d + Eps));
            _invStd[r] = inv;
            for (var j = 0; j < d; j++)
            {
                var xh = (float)((row[j] - m) * inv);
                xhat.Data[r * d + j] = xh;
                y.Data[r * d + j] = Gamma.Value.Data[j] * xh + Beta.Value.Data[j];
            }
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var xhat = _xhat!;
        var d = Dim;
        var rows = xhat.Length / d;
        var dx = Tensor.EnsureLike(ref _dx, xhat);
        for (var r = 0; r < rows; r++)
        {
            double sg = 0, sgx = 0;
            for (var j = 0; j < d; j++)
            {
                var g = dy.Data[r * d + j];
                var xh = xhat.Data[r * d + j];
                Gamma.Grad.Data[j] += g * xh;
                Beta.Grad.Data[j] += g;
                var gh = g * Gamma.Value.Data[j];
                sg += gh;
                sgx += gh * (double)xh;
            }
            var mg = (float)(sg / d);
            var mgx = (float)(sgx / d);
            for (var j = 0; j < d; j++)
            {
                var gh = dy.Data[r * d + j] * Gamma.Value.Data[j];
                dx.Data[r * d + j] = _invStd[r] * (gh - mg - xhat.Data[r * d + j] * mgx);
            }
        }
        return dx;
    }
}
