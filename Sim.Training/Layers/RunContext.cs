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

    /// <summary>Bytes per GEMM operand element (4 in FP32, 2 in FP16/BF16), for the recorded operations.</summary>
    public int ElementBytes => Precision == Precision.FP32 ? 4 : 2;
}
