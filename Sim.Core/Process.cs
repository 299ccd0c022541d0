namespace Sim.Core;

/// <summary>
/// An active component written as a C# iterator: it runs until it yields an event, sleeps until that
/// event is processed, then continues. A process is itself an event that succeeds when the iterator ends
/// and fails when it throws, so other processes can wait for it.
/// </summary>
/// <remarks>
/// C# cannot throw into a suspended iterator, nor put <c>yield return</c> inside <c>try</c> with
/// <c>catch</c>. So when the awaited event fails, or the process is interrupted, the kernel by default
/// ends the process at that yield as an uncaught exception would: the iterator is disposed (its
/// <c>finally</c> and <c>using</c> blocks run, so held resources are released) and the process fails with
/// that exception. A process that wants to handle faults sets <see cref="HandlesFaults"/>; it is then
/// resumed, finds the exception in <see cref="PendingFault"/>, and must call <see cref="TakeFault"/>
/// before its next yield or end, or it fails with that fault.
/// </remarks>
public sealed class Process : Event
{
    private readonly IEnumerator<Event> _body;
    private Event? _target;
    private Exception? _pendingFault;
    private Event? _killedBy;

    internal Process? PrevAlive;
    internal Process? NextAlive;

    /// <summary>The reusable event of <see cref="Simulation.Delay"/>.</summary>
    internal Timeout? DelayEvent;

    internal Process(Simulation simulation, IEnumerator<Event> body, string name)
        : base(simulation)
    {
        _body = body;
        Name = name;
        IsAlive = true;
        simulation.Register(this);
        var start = new ProcessStart(simulation);
        start.AddWaiter(this);
        simulation.Schedule(start, 0, Simulation.UrgentPriority);
        _target = start;
    }

    public string Name { get; }

    /// <summary>True until the iterator ends, throws, or is ended by an unhandled fault.</summary>
    public bool IsAlive { get; private set; }

    /// <summary>The event the process currently waits on (null while running or after it ended).</summary>
    public Event? Target => _target;

    /// <summary>When true, failed awaited events and interrupts resume the process (see remarks) instead of ending it.</summary>
    public bool HandlesFaults { get; set; }

    /// <summary>The fault the process was resumed with and has not yet taken (only with <see cref="HandlesFaults"/>).</summary>
    public Exception? PendingFault => _pendingFault;

    /// <summary>Returns and clears <see cref="PendingFault"/>: the process has handled it.</summary>
    public Exception? TakeFault()
    {
        var fault = _pendingFault;
        _pendingFault = null;
        return fault;
    }

    /// <summary>Delivers an <see cref="InterruptException"/> to the process at its current yield, before
    /// any other event at the current time. The process stops waiting on its target.</summary>
    public void Interrupt(object? cause = null)
    {
        if (!IsAlive)
        {
            throw new InvalidOperationException($"Process '{Name}' has ended; it cannot be interrupted.");
        }
        if (ReferenceEquals(Simulation.ActiveProcess, this))
        {
            throw new InvalidOperationException($"Process '{Name}' cannot interrupt itself.");
        }
        var interruption = new Event(Simulation) { Description = $"interrupt of process '{Name}'" };
        interruption.AddWaiter(this);
        interruption.Fail(new InterruptException(cause), Simulation.UrgentPriority);
    }

    internal override string DescribeForReport() => $"completion of process '{Name}'";

    internal string DescribeFailure() => _killedBy switch
    {
        Process p => $"process '{Name}' (while waiting on {p.DescribeFailure()})",
        null => $"process '{Name}'",
        var e when e.Error is InterruptException => $"process '{Name}' (interrupted, not handling faults)",
        var e => $"process '{Name}' (while waiting on {e.DescribeForReport()})",
    };

    /// <summary>Continues the iterator after <paramref name="ev"/> was processed. Hot path.</summary>
    internal void Resume(Event ev)
    {
        if (!IsAlive)
        {
            return;
        }
        var sim = Simulation;
        var previousTarget = _target;
        _target = null;
        if (previousTarget is not null && !ReferenceEquals(previousTarget, ev))
        {
            // Resumed by an interrupt: stop waiting on the old target.
            previousTarget.RemoveWaiter(this);
        }
        else
        {
            previousTarget = null;
        }
        sim.ActiveProcess = this;
        while (true)
        {
            if (!ev.IsOk)
            {
                if (!HandlesFaults)
                {
                    End(ev.Error!, ev, previousTarget);
                    break;
                }
                _pendingFault = ev.Error;
            }
            bool more;
            try
            {
                more = _body.MoveNext();
            }
            catch (Exception ex)
            {
                _pendingFault = null;
                Finish(ex);
                break;
            }
            if (_pendingFault is { } unhandled)
            {
                _pendingFault = null;
                End(unhandled, ev, null);
                break;
            }
            if (!more)
            {
                Finish(null);
                break;
            }
            var next = _body.Current;
            if (next is null || !ReferenceEquals(next.Simulation, sim))
            {
                End(new InvalidOperationException(next is null
                    ? $"Process '{Name}' yielded null; a process must yield events."
                    : $"Process '{Name}' yielded an event of another simulation."), null, null);
                break;
            }
            if (next.IsProcessed)
            {
                ev = next;
                continue;
            }
            _target = next;
            next.AddWaiter(this);
            break;
        }
        sim.ActiveProcess = null;
    }

    // Ends the process as an uncaught exception at its yield would: dispose the iterator, then fail.
    private void End(Exception error, Event? cause, Event? abandoned)
    {
        _killedBy = cause;
        if (abandoned is not null && !abandoned.IsTriggered && !abandoned.HasWaiters)
        {
            abandoned.Abandon();
        }
        try
        {
            _body.Dispose();
        }
        catch (Exception disposeError)
        {
            error = new AggregateException($"Process '{Name}' failed, and disposing it failed too.", error, disposeError);
        }
        Finish(error);
    }

    private void Finish(Exception? error)
    {
        IsAlive = false;
        Simulation.Unregister(this);
        if (error is null)
        {
            _body.Dispose();
            Succeed();
        }
        else
        {
            Fail(error);
        }
    }

    /// <summary>The event that starts a process.</summary>
    private sealed class ProcessStart : Event
    {
        public ProcessStart(Simulation simulation)
            : base(simulation)
        {
            SetTriggered(null);
        }

        internal override string DescribeForReport() => "its start-up";
    }
}
