using Sim.Vocabulary;
using Sim.Workloads.Lowering;

namespace Sim.Training.Sparsity;

/// <summary>
/// Configuration of N:M training, validated once. By default a weight layer is sparsified in a stage only
/// when that stage's grouped dimension (Cin for FP, Cout for BP) is a multiple of M, and the first weight
/// layer stays dense. <see cref="Layers"/>, when given, restricts sparsification to the named layers.
/// </summary>
public sealed record SparsityConfig
{
    public SparsityConfig(TrainingMethod method, NmPattern pattern, float decayLambda = 2e-4f, bool sparsifyFirstLayer = false, IReadOnlySet<string>? layers = null)
    {
        if (method != TrainingMethod.Dense && pattern.IsDense)
        {
            throw new ArgumentException($"method {method.Name()} needs an N:M pattern with N < M, got {pattern}");
        }
        if (!pattern.IsDense && (pattern.N < 1 || pattern.N >= pattern.M))
        {
            throw new ArgumentException($"N:M pattern {pattern} needs 1 <= N < M");
        }
        if (decayLambda < 0 || float.IsNaN(decayLambda))
        {
            throw new ArgumentException("SR-STE decay lambda must be >= 0");
        }
        Method = method;
        Pattern = method == TrainingMethod.Dense ? NmPattern.Dense : pattern;
        DecayLambda = decayLambda;
        SparsifyFirstLayer = sparsifyFirstLayer;
        Layers = layers;
    }

    public static SparsityConfig Dense { get; } = new(TrainingMethod.Dense, NmPattern.Dense);

    public TrainingMethod Method { get; }
    public NmPattern Pattern { get; }

    /// <summary>SR-STE decay on pruned weights (Zhou et al. 2021): dW += lambda * (1 - mask_FP) * W.</summary>
    public float DecayLambda { get; }

    public bool SparsifyFirstLayer { get; }

    /// <summary>Names of the layers that may be sparsified; null = all (subject to the divisibility rule).</summary>
    public IReadOnlySet<string>? Layers { get; }
}
