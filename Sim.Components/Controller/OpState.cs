using Sim.Components.Buffers;
using Sim.Components.Operations;
using Sim.Components.Reports;
using Sim.Core;

namespace Sim.Components.Controller;

/// <summary>An operation in flight: its completion event, the event its dependences form, and the buffer data it uses and makes.</summary>
internal sealed class OpState(Operation op, Event done, LayerStageAccumulator stats)
{
    public Operation Op { get; } = op;
    public Event Done { get; } = done;

    /// <summary>The running totals of the operation's (layer, stage), looked up once when it is issued.</summary>
    public LayerStageAccumulator Stats { get; } = stats;
    public Event? Ready { get; set; }
    public BufferResident? Produces { get; set; }
    public BufferResident[]? Consumes { get; set; }
}
