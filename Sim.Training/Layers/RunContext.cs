using Sim.Training.Engine;
using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// Per-pass settings every layer needs: train or eval mode, operand precision, where to record executed
/// operations, and the random stream for dropout. One object passed down instead of global state, so
/// two models can train side by side in tests.
/// </summary>
public sealed class RunContext
{
    public bool Training { get; set; } = true;

    public Precision Precision { get; set; } = Precision.FP32;

    /// <summary>Receives every executed operation; null when nobody listens (evaluation).</summary>
    public IOpRecorder? Recorder { get; set; }

    public Rng Rng { get; set; } = new(0);

    /// <summary>
    /// Bytes per FP/BP/WG operand element the recorded operations are costed with: the accelerator's (FP16 = 2 on
    /// SAT), whatever precision the numerics run in.
    /// </summary>
    public int OperandBytes { get; set; } = 2;

    /// <summary>Bytes per master weight and momentum value in the recorded weight update (FP32 = 4).</summary>
    public int MasterBytes { get; set; } = 4;

    /// <summary>Wall time per phase (<c>satsim bench train</c>); null (the default) measures nothing.</summary>
    public PhaseProfile? Profile { get; set; }
}
