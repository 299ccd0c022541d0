namespace Sim.Core.Resources;

/// <summary>A pending or completed get from a <see cref="Store{T}"/>; succeeds with the item taken.</summary>
public sealed class StoreGet<T> : Event
{
    private readonly Store<T> _store;
    private T _item = default!;

    internal StoreGet(Store<T> store, Func<T, bool>? filter)
        : base(store.Simulation)
    {
        _store = store;
        Filter = filter;
    }

    /// <summary>The item taken; valid once the event has triggered.</summary>
    public T Item => IsTriggered ? _item : throw new InvalidOperationException($"The get from {_store.Describe()} has not been served yet.");

    public override object? Value => IsTriggered ? _item : null;

    internal Func<T, bool>? Filter { get; }

    /// <summary>Withdraws the get if it still waits for an item; true if it was withdrawn.</summary>
    public bool Cancel() => !IsTriggered && _store.Cancel(this);

    internal Store<T> Store => _store;

    internal void Rearm()
    {
        base.Recycle();
        _item = default!;
    }

    internal void Deliver(T item)
    {
        _item = item;
        Succeed();
    }

    internal override string DescribeForReport() =>
        $"{(Filter is null ? "get" : "filtered get")} from {_store.Describe()}";

    internal override void Abandon() => Cancel();
}
