namespace Sim.Core;

/// <summary>
/// An event that waits on a group of events (<see cref="AllOf"/>, <see cref="AnyOf"/>): lets a process
/// wait for "every DMA finished" or "data arrived or the watchdog fired" in one yield.
/// </summary>
public abstract class Condition : Event
{
    private readonly Event[] _events;
    private int _processedCount;

    private protected Condition(Simulation simulation, IEnumerable<Event> events)
        : base(simulation)
    {
        ArgumentNullException.ThrowIfNull(events);
        _events = events.ToArray();
        foreach (var e in _events)
        {
            if (e is null || !ReferenceEquals(e.Simulation, simulation))
            {
                throw new ArgumentException("Every event of a condition must be non-null and belong to the same simulation.", nameof(events));
            }
            if (e is Timeout { IsPooled: true })
            {
                throw new ArgumentException("A Delay() event is reused by its process and cannot join a condition; use Timeout().", nameof(events));
            }
        }
        foreach (var e in _events)
        {
            if (IsTriggered)
            {
                break;
            }
            if (e.IsProcessed)
            {
                Check(e);
            }
            else
            {
                e.AddWaiter(this);
            }
        }
        if (!IsTriggered && IsMet(0, _events.Length))
        {
            Succeed(Result(null));
        }
    }

    /// <summary>The events this condition waits on, in the order given.</summary>
    public IReadOnlyList<Event> Events => _events;

    /// <summary>Called when one of the events is processed; true when this condition consumed it
    /// (a failure consumed here is observed).</summary>
    internal bool Check(Event e)
    {
        if (IsTriggered)
        {
            return false;
        }
        _processedCount++;
        if (!e.IsOk)
        {
            Fail(e.Error!);
        }
        else if (IsMet(_processedCount, _events.Length))
        {
            Succeed(Result(e));
        }
        return true;
    }

    private protected abstract bool IsMet(int processed, int total);

    private protected abstract object? Result(Event? last);

    internal override string DescribeForReport()
    {
        var pending = _events.Where(e => !e.IsProcessed).Select(e => e.DescribeForReport());
        return $"{Kind} [{string.Join("; ", pending)}]";
    }

    private protected abstract string Kind { get; }
}
