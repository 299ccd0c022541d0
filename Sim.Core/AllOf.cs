namespace Sim.Core;

/// <summary>
/// Succeeds once every one of its events has succeeded (immediately when given none); fails as soon as
/// one of them fails. Its <see cref="Event.Value"/> is the list of events.
/// </summary>
public sealed class AllOf : Condition
{
    internal AllOf(Simulation simulation, IEnumerable<Event> events)
        : base(simulation, events)
    {
    }

    private protected override bool IsMet(int processed, int total) => processed == total;

    private protected override object? Result(Event? last) => Events;

    private protected override string Kind => "all of";
}
