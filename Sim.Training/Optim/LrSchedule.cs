namespace Sim.Training.Optim;

/// <summary>Shape of the learning-rate curve after warm-up.</summary>
public enum LrScheduleKind
{
    Constant,
    /// <summary>Multiply by <see cref="LrSchedule.Gamma"/> every <see cref="LrSchedule.StepEvery"/> steps.</summary>
    Step,
    /// <summary>Cosine from the base rate down to <see cref="LrSchedule.MinLr"/> at the last step.</summary>
    Cosine,
}

/// <summary>
/// Learning rate as a function of the iteration: linear warm-up from 0 over <see cref="WarmupSteps"/>,
/// then constant, step or cosine decay. Immutable and validated once.
/// </summary>
public sealed record LrSchedule
{
    public LrSchedule(LrScheduleKind kind, float baseLr, int warmupSteps = 0, int stepEvery = 1, float gamma = 0.1f, float minLr = 0f)
    {
        if (baseLr <= 0 || warmupSteps < 0 || stepEvery < 1 || gamma <= 0 || minLr < 0)
        {
            throw new ArgumentException("learning-rate schedule needs lr > 0, warmup >= 0, step-every >= 1, gamma > 0, min-lr >= 0");
        }
        Kind = kind;
        BaseLr = baseLr;
        WarmupSteps = warmupSteps;
        StepEvery = stepEvery;
        Gamma = gamma;
        MinLr = minLr;
    }

    public LrScheduleKind Kind { get; }
    public float BaseLr { get; }
    public int WarmupSteps { get; }
    public int StepEvery { get; }
    public float Gamma { get; }
    public float MinLr { get; }

    /// <summary>Rate at 0-based <paramref name="step"/> of <paramref name="totalSteps"/>.</summary>
    public float Rate(int step, int totalSteps)
    {
        if (step < WarmupSteps)
        {
            return BaseLr * (step + 1) / WarmupSteps;
        }
        var s = step - WarmupSteps;
        var span = Math.Max(1, totalSteps - WarmupSteps);
        return Kind switch
        {
            LrScheduleKind.Step => BaseLr * MathF.Pow(Gamma, s / StepEvery),
            LrScheduleKind.Cosine => MinLr + (BaseLr - MinLr) * 0.5f * (1f + MathF.Cos(MathF.PI * Math.Min(s, span) / span)),
            _ => BaseLr,
        };
    }

    public static LrScheduleKind ParseKind(string text) => text.ToLowerInvariant() switch
    {
        "constant" => LrScheduleKind.Constant,
        "step" => LrScheduleKind.Step,
        "cosine" => LrScheduleKind.Cosine,
        _ => throw new FormatException($"'{text}' is not a schedule; expected constant, step or cosine"),
    };
}
