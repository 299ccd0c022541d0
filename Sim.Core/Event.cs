namespace Sim.Core;

/// <summary>
/// Something that happens at a simulated time: a process waits on it by yielding it, and when the
/// simulation processes it, every waiter (processes, conditions, callbacks) is resumed in the order it
/// started waiting. An event is pending until <see cref="Succeed"/> or <see cref="Fail"/> triggers it,
/// which schedules it at the current time; it is processed when the queue reaches it.
/// </summary>
public class Event
{
    private const byte Pending = 0, Triggered = 1, Processed = 2;

    private readonly Simulation _sim;
    // Success value, or the Exception when failed (saves a field on every event).
    private object? _value;
    // null, a Process, a Condition, an Action<Event>, or a WaiterList of those.
    private object? _waiters;
    private byte _state;
    private bool _failed;
    private bool _hasDescription;

    public Event(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _sim = simulation;
    }

    public Simulation Simulation => _sim;
    public bool IsTriggered => _state != Pending;
    public bool IsProcessed => _state == Processed;

    /// <summary>True once triggered by <see cref="Succeed"/>; false while pending or after <see cref="Fail"/>.</summary>
    public bool IsOk => _state != Pending && !_failed;

    /// <summary>The value given to <see cref="Succeed"/> (null while pending or when failed).</summary>
    public virtual object? Value => _failed ? null : _value;

    /// <summary>The exception given to <see cref="Fail"/>, or null.</summary>
    public Exception? Error => _failed ? (Exception?)_value : null;

    /// <summary>What this event stands for, in words; the deadlock report prints it.</summary>
    public string? Description
    {
        get => _hasDescription ? _sim.GetDescription(this) : null;
        set
        {
            _sim.SetDescription(this, value);
            _hasDescription = value is not null;
        }
    }

    /// <summary>Triggers the event successfully: it is scheduled now and processed in (priority, FIFO) order.</summary>
    public Event Succeed(object? value = null, int priority = 0)
    {
        if (_state != Pending)
        {
            throw new InvalidOperationException($"{DescribeForReport()} was already triggered.");
        }
        _value = value;
        _state = Triggered;
        _sim.Schedule(this, 0, priority);
        return this;
    }

    /// <summary>Triggers the event as failed; waiters receive the exception (a waiting process fails with it
    /// unless it handles faults). A failure nobody waits on stops <see cref="Simulation.Run()"/>.</summary>
    public Event Fail(Exception error, int priority = 0)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (_state != Pending)
        {
            throw new InvalidOperationException($"{DescribeForReport()} was already triggered.");
        }
        _value = error;
        _failed = true;
        _state = Triggered;
        _sim.Schedule(this, 0, priority);
        return this;
    }

    /// <summary>Runs <paramref name="callback"/> when the event is processed. A callback counts as observing a failure.</summary>
    public void AddCallback(Action<Event> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (this is Timeout { IsPooled: true })
        {
            throw new InvalidOperationException("A Delay() event is reused by its process and cannot take callbacks; use Timeout().");
        }
        AddWaiter(callback);
    }

    /// <summary>Removes a callback added by <see cref="AddCallback"/>; false if it was not registered.</summary>
    public bool RemoveCallback(Action<Event> callback) => RemoveWaiter(callback);

    public override string ToString() => DescribeForReport();

    /// <summary>Describes what a process waiting on this event waits for (used by the deadlock report).</summary>
    internal virtual string DescribeForReport() =>
        Description is { } d ? $"event '{d}'" : IsTriggered ? "a triggered event" : "an event that nobody has triggered";

    /// <summary>Called when a process waiting on this event is killed: resource events withdraw their claim.</summary>
    internal virtual void Abandon()
    {
    }

    // Marks the event triggered with a value without scheduling it (for timeouts, scheduled by the caller).
    internal void SetTriggered(object? value)
    {
        _value = value;
        _state = Triggered;
    }

    // Re-arms a processed pooled event (see Simulation.Delay): pending-free, triggered, no value.
    internal void ResetTriggered()
    {
        _value = null;
        _failed = false;
        _state = Triggered;
    }

    internal void SetValueUnchecked(object? value) => _value = value;

    // True when a processed event can be made pending again for reuse: nothing waits on it (processing cleared its
    // waiters) and it carries no description.
    internal bool IsRecyclable => _state == Processed && _waiters is null && !_hasDescription;

    // Makes a recyclable event pending again (Store.GetNext, Store.Post, Resource.RequestNext); the caller checked IsRecyclable.
    internal void Recycle()
    {
        _value = null;
        _failed = false;
        _state = Pending;
    }

    internal bool HasWaiters => _waiters is not null;

    // True when exactly `waiter` waits (no one else could observe a recycled or cancelled event).
    internal bool IsSoleWaiter(object waiter) => ReferenceEquals(_waiters, waiter);

    internal void AddWaiter(object waiter)
    {
        if (_state == Processed)
        {
            throw new InvalidOperationException($"{DescribeForReport()} was already processed; nothing can wait on it.");
        }
        var current = _waiters;
        if (current is null)
        {
            _waiters = waiter;
        }
        else if (current is WaiterList list)
        {
            list.Add(waiter);
        }
        else
        {
            _waiters = new WaiterList { current, waiter };
        }
    }

    internal bool RemoveWaiter(object waiter)
    {
        var current = _waiters;
        if (ReferenceEquals(current, waiter))
        {
            _waiters = null;
            return true;
        }
        if (current is WaiterList list)
        {
            // Delegates compare by value; processes and conditions by reference.
            var i = waiter is Delegate ? list.IndexOf(waiter) : list.FindIndex(w => ReferenceEquals(w, waiter));
            if (i >= 0)
            {
                list.RemoveAt(i);
                return true;
            }
        }
        else if (current is Delegate d && waiter is Delegate w && d.Equals(w))
        {
            _waiters = null;
            return true;
        }
        return false;
    }

    /// <summary>Processes the event: resumes every waiter in order. Hot path.</summary>
    internal void Fire()
    {
        _state = Processed;
        var waiters = _waiters;
        _waiters = null;
        if (waiters is Process p)
        {
            p.Resume(this);
            return;
        }
        if (waiters is null)
        {
            if (_failed)
            {
                _sim.OnUnobservedFailure(this);
            }
            return;
        }
        FireSlow(waiters);
    }

    private void FireSlow(object waiters)
    {
        var observed = false;
        if (waiters is WaiterList list)
        {
            foreach (var w in list)
            {
                observed |= Notify(w);
            }
        }
        else
        {
            observed = Notify(waiters);
        }
        if (_failed && !observed)
        {
            _sim.OnUnobservedFailure(this);
        }
    }

    private bool Notify(object waiter)
    {
        switch (waiter)
        {
            case Process p:
                p.Resume(this);
                return true;
            case Condition c:
                return c.Check(this);
            default:
                ((Action<Event>)waiter)(this);
                return true;
        }
    }

    /// <summary>Two or more waiters on one event (rare: most events have exactly one).</summary>
    private sealed class WaiterList : List<object>
    {
    }
}
