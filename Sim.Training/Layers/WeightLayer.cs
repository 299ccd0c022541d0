using Sim.Vocabulary;
using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// A layer whose weight takes part in GEMMs (conv, linear): the unit of N:M sparsification. The weight is
/// viewed as (Cout, Cin, Kh, Kw) (linear: Kh = Kw = 1). The training method installs the operand each
/// stage multiplies with: <see cref="FpWeights"/> in FP, <see cref="BpWeights"/> in BP; WG never uses a
/// weight. Null means the dense master weights.
/// </summary>
public abstract class WeightLayer : Layer
{
    protected WeightLayer(int cout, int cin, int kh, int kw, bool bias, Rng rng)
    {
        Cout = cout;
        Cin = cin;
        Kh = kh;
        Kw = kw;
        var fanIn = cin * kh * kw;
        int[] shape = this is Linear ? [cout, cin] : [cout, cin, kh, kw];
        var w = new Tensor(shape);
        // He (Kaiming) uniform initialization for ReLU networks: Var(w) = 2 / fan_in.
        var bound = MathF.Sqrt(6f / fanIn);
        for (var i = 0; i < w.Length; i++)
        {
            w.Data[i] = rng.Uniform(-bound, bound);
        }
        Weight = new Parameter("weight", w, decay: true);
        Bias = bias ? new Parameter("bias", new Tensor(cout), decay: false) : null;
    }

    public int Cout { get; }
    public int Cin { get; }
    public int Kh { get; }
    public int Kw { get; }

    public Parameter Weight { get; }
    public Parameter? Bias { get; }

    /// <summary>Weights multiplied in FP (N:M along Cin when sparse, possibly rounded); null = dense master.</summary>
    public float[]? FpWeights { get; set; }

    /// <summary>Weights multiplied in BP (N:M along Cout when sparse, possibly rounded); null = dense master.</summary>
    public float[]? BpWeights { get; set; }

    /// <summary>Pattern of <see cref="FpWeights"/> (dense when FP multiplies dense weights).</summary>
    public NmPattern FpPattern { get; set; } = NmPattern.Dense;

    /// <summary>Pattern of <see cref="BpWeights"/> (dense when BP multiplies dense weights).</summary>
    public NmPattern BpPattern { get; set; } = NmPattern.Dense;

    /// <summary>Reduction length of the FP GEMM (Cin*Kh*Kw).</summary>
    public int FanIn => Cin * Kh * Kw;

    protected float[] FpOperand => FpWeights ?? Weight.Value.Data;

    protected float[] BpOperand => BpWeights ?? Weight.Value.Data;

    public override IEnumerable<Parameter> OwnParameters()
    {
        yield return Weight;
        if (Bias is not null)
        {
            yield return Bias;
        }
    }

    /// <summary>
    /// False for the first layer, whose input gradient nobody needs: BP is then skipped (as on SAT) and
    /// backward returns a zero tensor.
    /// </summary>
    public bool ComputeInputGradient { get; set; } = true;
}
