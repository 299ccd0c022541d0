namespace Sim.Core.Resources;

/// <summary>Where a <see cref="Request"/> is in its life: waiting, holding a unit, or done.</summary>
public enum RequestState : byte
{
    Waiting,
    Granted,
    Released,
    Cancelled,
}
