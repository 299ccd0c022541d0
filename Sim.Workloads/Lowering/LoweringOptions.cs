using Sim.Vocabulary;

namespace Sim.Workloads.Lowering;

/// <summary>
/// What one training iteration is: batch size, method and N:M pattern, plus the modelling choices the
/// lowering makes. Validated once by <see cref="EnsureValid"/>.
/// </summary>
public sealed record LoweringOptions
{
    public int Batch { get; init; } = 1;

    public TrainingMethod Method { get; init; } = TrainingMethod.Dense;

    /// <summary>N:M pattern of sparse stages (ignored for dense training).</summary>
    public NmPattern Pattern { get; init; } = new(2, 8);

    /// <summary>Keep the first weight layer dense in every stage (SR-STE/BDWP practice; default true).</summary>
    public bool DenseFirstLayer { get; init; } = true;

    /// <summary>Names of the model layers that may be sparse (e.g. to study one layer); null = every layer (default).</summary>
    public IReadOnlySet<string>? SparseLayers { get; init; }

    /// <summary>
    /// Also compute the gradient of the model input (normally skipped: no parameter precedes it). Useful for
    /// adversarial training and for the equal-cost check FP = BP = WG.
    /// </summary>
    public bool InputGradient { get; init; }

    /// <summary>Bytes of FP/BP/WG operands (FP16, SAT's mixed precision).</summary>
    public int OperandBytes { get; init; } = 2;

    /// <summary>Bytes of master weights and momentum in the weight update (FP32).</summary>
    public int MasterBytes { get; init; } = 4;

    /// <summary>Multiply-adds per parameter of the SGD-momentum update with weight decay: g + wd*w, mu*v + g, w - lr*v.</summary>
    public const int UpdateMacsPerParameter = 3;

    /// <summary>Largest batch accepted (the scenario limit too): far beyond any accelerator's on-chip batch, small enough that per-iteration counts of every zoo model fit in 64 bits.</summary>
    public const int MaxBatch = 65536;

    /// <summary>The pattern sparse stages actually use: dense for dense training.</summary>
    public NmPattern EffectivePattern => Method == TrainingMethod.Dense ? NmPattern.Dense : Pattern;

    public LoweringOptions EnsureValid()
    {
        if (Batch < 1 || Batch > MaxBatch)
        {
            throw new ArgumentException($"batch: expects an integer from 1 to {MaxBatch}, got {Batch}");
        }
        if (Method != TrainingMethod.Dense && (Pattern.N < 1 || Pattern.N >= Pattern.M))
        {
            throw new ArgumentException($"nm: {Method.Name()} expects a sparse pattern N:M with 1 <= N < M, got {Pattern}");
        }
        if (OperandBytes < 1 || MasterBytes < 1)
        {
            throw new ArgumentException("operand and master bytes must be >= 1");
        }
        return this;
    }
}
