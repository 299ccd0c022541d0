using Sim.Components.Buffers;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.Reports;
using Sim.Core;

namespace Sim.Components.Controller;

/// <summary>
/// An operation in flight: its completion event, the event its dependences form, and the buffer data it uses and makes.
/// Its life is clear-cut (issued by the controller, completed by its unit, then referenced by nobody: later operations
/// hold its <see cref="Done"/> event, never the state), so states are recycled through an <see cref="OpStatePool"/>.
/// </summary>
internal sealed class OpState
{
    public Operation Op { get; private set; } = null!;
    public Event Done { get; private set; } = null!;

    /// <summary>The running totals of the operation's (layer, stage), looked up once when it is issued.</summary>
    public LayerStageAccumulator Stats { get; private set; } = null!;

    public Event? Ready { get; set; }
    public BufferResident? Produces { get; set; }

    /// <summary>Buffer data the operation reads (each once); kept alive until it completes.</summary>
    public List<BufferResident> Consumes { get; } = new(4);

    /// <summary>True while the state sits in the pool (completed, free for the next operation).</summary>
    public bool IsFree { get; private set; }

    internal void Begin(Operation op, Event done, LayerStageAccumulator stats)
    {
        Op = op;
        Done = done;
        Stats = stats;
        IsFree = false;
    }

    internal void Clear()
    {
        Op = null!;
        Done = null!;
        Stats = null!;
        Ready = null;
        Produces = null;
        Consumes.Clear();
        IsFree = true;
    }
}
