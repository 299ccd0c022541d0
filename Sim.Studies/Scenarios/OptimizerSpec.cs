namespace Sim.Studies.Scenarios;

/// <summary>
/// SGD with momentum and its learning-rate schedule as a scenario states them; validated at load so the
/// training engine receives only sensible values.
/// </summary>
public sealed record OptimizerSpec
{
    public double LearningRate { get; init; } = 0.05;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary><c>constant</c>, <c>step</c> or <c>cosine</c>.</summary>
    public string Schedule { get; init; } = "cosine";

    /// <summary>Linear warm-up length in iterations (0 = none).</summary>
    public int WarmupIterations { get; init; }

    /// <summary>For <c>step</c>: epochs between decays (the engine's step schedule divides the rate by 10).</summary>
    public int StepEpochs { get; init; } = 1;
}
