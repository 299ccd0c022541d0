namespace Sim.Core.Resources;

/// <summary>
/// A claim on one unit of a <see cref="Resources.Resource"/>; succeeds when the unit is granted.
/// Disposable so that <c>using (var r = res.Request()) { yield return r; ... }</c> always gives the unit
/// back, also when the process ends by a fault.
/// </summary>
public sealed class Request : Event, IDisposable
{
    internal Request(Resource resource, int priority, Process? owner)
        : base(resource.Simulation)
    {
        Resource = resource;
        Priority = priority;
        Owner = owner;
    }

    public Resource Resource { get; }
    public int Priority { get; private set; }

    /// <summary>The process that made the request (null outside processes).</summary>
    public Process? Owner { get; private set; }

    public RequestState State { get; internal set; }

    /// <summary>Releases the unit, or withdraws the request if it is still waiting.</summary>
    public void Dispose() => Resource.Release(this);

    // Makes a released, processed request pending again for a new claim (see Resource.RequestNext).
    internal void Rearm(int priority, Process? owner)
    {
        Recycle();
        Priority = priority;
        Owner = owner;
        State = RequestState.Waiting;
    }

    internal override string DescribeForReport() => $"request for {Resource.Describe()}";

    internal override void Abandon()
    {
        if (State == RequestState.Waiting)
        {
            Resource.Release(this);
        }
    }
}
