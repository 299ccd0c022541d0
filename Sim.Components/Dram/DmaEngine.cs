using Sim.Components.Accelerator;
using Sim.Components.Buffers;
using Sim.Components.Controller;
using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Components.Dram;

/// <summary>
/// A DMA engine between DRAM and the buffers, one for reads (loads) and one for writes (stores), so a store waiting
/// for its GEMM never blocks the next tile's prefetch. Loads reserve their buffer space first (waiting while the
/// buffer is full), then move the bytes; stores read their buffer and write DRAM. Each works through its queue in order.
/// </summary>
internal sealed class DmaEngine(AcceleratorModel model, Store<OpState?> queue, bool write)
    : OpUnit(model, queue, write ? "DMA write" : "DMA read")
{
    protected override OnChipBuffer? AllocatesIn(OpState s) => write ? null : Model.Buffers[(int)s.Op.Buffer];

    protected override Event? Start(OpState s) => Model.Dram.Transfer(s.Op.Bytes, write, (int)s.Op.Buffer + (write ? 8 : 0));

    protected override void Finish(OpState s, long start, long end, long stall)
    {
        // Sums of user-sized counts: an overflow is an error, never a wrapped total.
        checked
        {
            var op = s.Op;
            if (write) Model.Buffers[(int)op.Buffer].BytesReadByCompute += op.Bytes;
            var acc = s.Stats;
            if (write) acc.DramBytesWritten += op.Bytes; else acc.DramBytesRead += op.Bytes;
            Timeline?.Record(start, end, write ? "store" : "load", null);
        }
    }
}
