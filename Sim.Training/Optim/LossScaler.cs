namespace Sim.Training.Optim;

/// <summary>
/// Dynamic loss scaling for FP16 training (Micikevicius et al., "Mixed Precision Training", ICLR 2018):
/// the loss gradient is multiplied by the scale so small gradients survive FP16; a step whose gradients
/// overflow is skipped and the scale halved; after <see cref="GrowthInterval"/> good steps it doubles.
/// </summary>
public sealed class LossScaler
{
    private int _good;

    public LossScaler(float initialScale, bool dynamic = true, int growthInterval = 2000)
    {
        Scale = initialScale;
        Dynamic = dynamic;
        GrowthInterval = growthInterval;
    }

    public float Scale { get; private set; }
    public bool Dynamic { get; }
    public int GrowthInterval { get; }
    public int SkippedSteps { get; private set; }

    /// <summary>True when all gradients are finite (the step may proceed); adjusts the scale either way.</summary>
    public bool Check(IEnumerable<Layers.Parameter> parameters)
    {
        var finite = parameters.All(p => AllFinite(p.Grad.Span));
        if (!Dynamic)
        {
            return finite;
        }
        if (!finite)
        {
            Scale = Math.Max(1f, Scale / 2f);
            _good = 0;
            SkippedSteps++;
            return false;
        }
        if (++_good >= GrowthInterval)
        {
            Scale = Math.Min(Scale * 2f, 1 << 24);
            _good = 0;
        }
        return true;
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }
        return true;
    }
}
