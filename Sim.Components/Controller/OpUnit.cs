using Sim.Components.Accelerator;
using Sim.Components.Buffers;
using Sim.Components.Reports;
using Sim.Core;
using Sim.Core.Resources;

namespace Sim.Components.Controller;

/// <summary>
/// What every execution unit (DMA engines, PE array, vector engine, sparse-gen engine) does with the controller's
/// operations, written once: take the next operation from its queue in order (a null ends the unit), wait until its
/// dependences are done, reserve the buffer space it produces into (if the unit allocates it), run it, and report
/// its completion with the stall before it started. A unit only says how an operation runs
/// (<see cref="Start"/>) and what it accounts for (<see cref="Finish"/>).
/// </summary>
internal abstract class OpUnit
{
    private readonly Store<OpState?> _queue;

    protected OpUnit(AcceleratorModel model, Store<OpState?> queue, string name)
    {
        Model = model;
        Name = name;
        _queue = queue;
        Timeline = model.Recorder(name);
        model.Units.Add(this);
        model.Sim.Process(Run(), name);
    }

    protected AcceleratorModel Model { get; }

    public string Name { get; }

    /// <summary>Cycles spent executing operations (start to end, summed).</summary>
    public long BusyCycles { get; private set; }

    public long OperationsCompleted { get; private set; }

    protected TimelineRecorder? Timeline { get; }

    /// <summary>The buffer in which this unit reserves space for what an operation produces, or null when it does not allocate.</summary>
    protected virtual OnChipBuffer? AllocatesIn(OpState s) => null;

    /// <summary>Begins the operation at the current cycle; returns the event that ends it (null: it takes no time).
    /// Called from the unit's process, so it may return <see cref="Simulation.Delay"/>.</summary>
    protected abstract Event? Start(OpState s);

    /// <summary>Accounts for the finished operation (statistics, timeline); completion is reported afterwards.</summary>
    protected abstract void Finish(OpState s, long start, long end, long stall);

    private IEnumerable<Event> Run()
    {
        var sim = Model.Sim;
        StoreGet<OpState?>? get = null;
        while (true)
        {
            get = _queue.GetNext(get);
            yield return get;
            var s = get.Item;
            if (s is null) yield break;
            var popped = sim.Now;
            if (s.Ready is { IsProcessed: false } ready) yield return ready;
            if (s.Produces is { } resident && AllocatesIn(s) is { } buffer)
            {
                var granted = buffer.Reserve(resident.Bytes);
                if (granted is not null) yield return granted;
                resident.Allocated = true;
            }
            var start = sim.Now;
            if (Start(s) is { IsProcessed: false } work) yield return work;
            var end = sim.Now;
            Finish(s, start, end, start - popped);
            BusyCycles += end - start;
            OperationsCompleted++;
            Model.Complete(s, start, end, start - popped);
        }
    }
}
