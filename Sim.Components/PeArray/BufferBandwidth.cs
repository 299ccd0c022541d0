using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.PeArray;

/// <summary>
/// How much the buffers slow the array's operand streaming: bytes per streaming cycle demanded (one activation per
/// array row, M/N times more in sparse mode; one weight per column and its index bits) over what each buffer's banks
/// read per cycle. Shared by the PE array's timing and the offline scheduler's cost model so both agree.
/// </summary>
public readonly record struct BufferBandwidth(double InputRatio, double WeightRatio, double IndexRatio)
{
    /// <summary>Factor on the streaming cycles (at least 1: buffers never speed streaming up).</summary>
    public double Slowdown => Math.Max(1.0, Math.Max(InputRatio, Math.Max(WeightRatio, IndexRatio)));

    public static BufferBandwidth For(HardwareConfig config, NmPattern sparsity)
    {
        var groupFactor = sparsity.IsDense ? 1.0 : (double)sparsity.M / sparsity.N;
        var inDemand = config.ArrayRows * config.OperandBytes * groupFactor;
        var wDemand = config.ArrayCols * config.OperandBytes;
        return new BufferBandwidth(
            inDemand / config.Buffers.Input.ReadBytesPerCycle,
            wDemand / (double)config.Buffers.Weight.ReadBytesPerCycle,
            sparsity.IsDense ? 0.0 : config.ArrayCols * sparsity.IndexBits / 8.0 / config.Buffers.Index.ReadBytesPerCycle);
    }
}
