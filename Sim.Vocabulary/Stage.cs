namespace Sim.Vocabulary;

/// <summary>
/// The stage of a training iteration an operation belongs to (docs/sat.md, "Training, stage by stage").
/// Reports group cycles, stalls and energy by it.
/// </summary>
public enum Stage
{
    /// <summary>Forward pass: Y = X * W.</summary>
    FP,
    /// <summary>Backward pass, activation gradient: dX = dY * W^T.</summary>
    BP,
    /// <summary>Weight gradient: dW = X^T * dY (always dense).</summary>
    WG,
    /// <summary>Weight update (element-wise, FP32 master weights).</summary>
    WU,
    /// <summary>Generation of N:M sparse weights in the sparse online reduction engine.</summary>
    Gen,
}
