using Sim.Components.Accelerator;
using Sim.Components.Controller;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.Reports;
using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Components.VectorUnit;

/// <summary>
/// The vector engine: element-wise layers and the FP32 weight update, <see cref="Config.VectorConfig.Lanes"/>
/// elements in parallel. An operation costs its kind's pipeline latency plus
/// ceil(elements x cycles-per-element / lanes). Runs its queue in order, concurrently with the PE array.
/// </summary>
internal sealed class VectorEngine(AcceleratorModel model, Store<OpState?> queue) : OpUnit(model, queue, "Vector engine")
{
    private long _cycles;

    internal static long Cycles(Config.VectorConfig config, string kind, long elements) => config.Cycles(kind, elements);

    protected override Event? Start(OpState s)
    {
        _cycles = Cycles(Model.Config.Vector, s.Op.VectorOp, s.Op.Elements);
        return _cycles > 0 ? Model.Sim.Delay(_cycles) : null;
    }

    protected override void Finish(OpState s, long start, long end, long stall)
    {
        // Sums of user-sized counts: an overflow is an error, never a wrapped total.
        checked
        {
            var op = s.Op;
            var acc = s.Stats;
            acc.VectorCycles += _cycles;
            acc.VectorElements += op.Elements;
            Model.VectorElements += op.Elements;
            var bytes = op.Bytes > 0 ? op.Bytes : op.Elements * (op.Stage == Stage.WU ? Model.Config.MasterBytes : Model.Config.OperandBytes);
            Model.Buffers[(int)BufferKind.Output].BytesReadByCompute += bytes;
            Model.Buffers[(int)BufferKind.Output].BytesWrittenByCompute += bytes;
            Timeline?.Record(start, end, StageNames.Of(op.Stage), op.Layer);
        }
    }
}
