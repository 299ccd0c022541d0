using System.Text;

namespace Sim.Core.Resources;

/// <summary>
/// A server with <see cref="Capacity"/> identical units (a port, a bus, a PE array): a process requests
/// a unit, waits until it is granted, holds it, and releases it. Waiting requests are served by
/// priority (lower value first), first-come-first-served within a priority.
/// </summary>
public sealed class Resource
{
    private readonly Simulation _sim;
    private readonly Deque<Request> _queue = new();
    private readonly List<Request> _users = [];

    public Resource(Simulation sim, int capacity, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(sim);
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A resource needs a capacity of at least 1.");
        }
        _sim = sim;
        Capacity = capacity;
        Name = name ?? "resource";
    }

    public string Name { get; }
    public int Capacity { get; }

    /// <summary>Units currently granted.</summary>
    public int InUse => _users.Count;

    /// <summary>Requests waiting for a unit.</summary>
    public int QueueLength => _queue.Count;

    /// <summary>The granted requests, in grant order.</summary>
    public IReadOnlyList<Request> Users => _users;

    public Simulation Simulation => _sim;

    /// <summary>Asks for one unit; the returned event succeeds when it is granted. Dispose it (or call
    /// <see cref="Release"/>) to give the unit back, or to withdraw a request still waiting.</summary>
    public Request Request(int priority = 0) => Claim(new Request(this, priority, _sim.ActiveProcess), priority);

    /// <summary>
    /// Like <see cref="Request(int)"/> for a process that claims the resource again and again: re-arms
    /// <paramref name="previous"/>, its own last request of this resource, once that was granted, processed and
    /// released, instead of allocating a new one (<c>req = res.RequestNext(req); using (req) { yield return req; ... }</c>).
    /// Falls back to a new request when <paramref name="previous"/> is null, of another resource, still held or
    /// waited on. Same timing and event count as <see cref="Request(int)"/>.
    /// </summary>
    public Request RequestNext(Request? previous, int priority = 0)
    {
        if (previous is null || !ReferenceEquals(previous.Resource, this) || previous.State != RequestState.Released || !previous.IsRecyclable)
        {
            return Request(priority);
        }
        previous.Rearm(priority, _sim.ActiveProcess);
        return Claim(previous, priority);
    }

    private Request Claim(Request request, int priority)
    {
        if (_users.Count < Capacity)
        {
            Grant(request);
        }
        else
        {
            // Find the place behind every request of equal or more urgent priority (FIFO within a priority).
            var i = _queue.Count;
            while (i > 0 && _queue[i - 1].Priority > priority)
            {
                i--;
            }
            if (i == _queue.Count)
            {
                _queue.AddLast(request);
            }
            else
            {
                _queue.Insert(i, request);
            }
        }
        return request;
    }

    /// <summary>Returns a granted unit (and grants it to the next waiting request) or withdraws a waiting
    /// request. Releasing twice does nothing.</summary>
    public void Release(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ReferenceEquals(request.Resource, this))
        {
            throw new ArgumentException($"The request belongs to resource '{request.Resource.Name}', not '{Name}'.", nameof(request));
        }
        switch (request.State)
        {
            case RequestState.Granted:
                request.State = RequestState.Released;
                _users.Remove(request);
                while (_users.Count < Capacity && _queue.Count > 0)
                {
                    Grant(_queue.RemoveFirst());
                }
                break;
            case RequestState.Waiting:
                request.State = RequestState.Cancelled;
                _queue.Remove(request);
                break;
        }
    }

    internal string Describe()
    {
        var sb = new StringBuilder();
        sb.Append("resource '").Append(Name).Append("' (capacity ").Append(Capacity).Append(", in use ").Append(InUse);
        if (_users.Count > 0)
        {
            sb.Append(" by ").AppendJoin(", ", _users.Select(u => u.Owner is null ? "a non-process" : $"'{u.Owner.Name}'"));
        }
        sb.Append(", ").Append(QueueLength).Append(" waiting)");
        return sb.ToString();
    }

    private void Grant(Request request)
    {
        request.State = RequestState.Granted;
        _users.Add(request);
        request.Succeed();
    }
}
