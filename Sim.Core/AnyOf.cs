namespace Sim.Core;

/// <summary>
/// Succeeds when the first of its events succeeds (immediately when given none); fails if that first
/// event failed. Its <see cref="Event.Value"/> is that first event.
/// </summary>
public sealed class AnyOf : Condition
{
    internal AnyOf(Simulation simulation, IEnumerable<Event> events)
        : base(simulation, events)
    {
    }

    private protected override bool IsMet(int processed, int total) => processed > 0 || total == 0;

    private protected override object? Result(Event? last) => last;

    private protected override string Kind => "any of";
}
