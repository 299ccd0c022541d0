using Sim.Components.Buffers;
using Sim.Components.Operations;
using Sim.Core;

namespace Sim.Components.Controller;

/// <summary>An operation in flight: its completion event, the event its dependences form, and the buffer data it uses and makes.</summary>
internal sealed class OpState(Operation op, Event done)
{
    public Operation Op { get; } = op;
    public Event Done { get; } = done;
    public Event? Ready { get; set; }
    public BufferResident? Produces { get; set; }
    public BufferResident[]? Consumes { get; set; }
}
