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
    public int Priority { get; }

    /// <summary>The process that made the request (null outside processes).</summary>
    public Process? Owner { get; }

    public RequestState State { get; internal set; }

    /// <summary>Releases the unit, or withdraws the request if it is still waiting.</summary>
    public void Dispose() => Resource.Release(this);

    internal override string DescribeForReport() => $"request for {Resource.Describe()}";

    internal override void Abandon()
    {
        if (State == RequestState.Waiting)
        {
            Resource.Release(this);
        }
    }
}
