using Sim.Components.Config;
using Sim.Workloads.Lowering;

namespace Sim.Mapping;

/// <summary>
/// The one place where lowering options take what they owe to the hardware: operand bytes (FP16 on SAT) and
/// master-weight bytes (FP32). Every path that lowers an iteration for a <see cref="HardwareConfig"/> (run,
/// trace, sweep, compare, reproduce, the functional engine's recording) goes through it, so GEMM tiles and
/// element-wise work are sized with the same element width.
/// </summary>
public static class HardwareLowering
{
    /// <summary><paramref name="options"/> with the hardware's element widths, validated.</summary>
    public static LoweringOptions For(HardwareConfig hardware, LoweringOptions options) =>
        (options with { OperandBytes = hardware.OperandBytes, MasterBytes = hardware.MasterBytes }).EnsureValid();

    /// <summary>Options of one iteration of <paramref name="method"/> at <paramref name="batch"/> on <paramref name="hardware"/>.</summary>
    public static LoweringOptions For(HardwareConfig hardware, int batch, TrainingMethod method, Vocabulary.NmPattern pattern) =>
        For(hardware, new LoweringOptions { Batch = batch, Method = method, Pattern = pattern });
}
