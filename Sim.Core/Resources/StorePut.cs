namespace Sim.Core.Resources;

/// <summary>A pending or completed put into a <see cref="Store{T}"/>; succeeds when the item is stored.</summary>
public sealed class StorePut<T> : Event
{
    private readonly Store<T> _store;

    internal StorePut(Store<T> store, T item)
        : base(store.Simulation)
    {
        _store = store;
        Item = item;
    }

    public T Item { get; private set; }

    // Re-arms a processed put for another item (see Store.Post).
    internal void Rearm(T item)
    {
        base.Recycle();
        Item = item;
    }

    /// <summary>Withdraws the put if it still waits for space; true if it was withdrawn.</summary>
    public bool Cancel() => !IsTriggered && _store.Cancel(this);

    internal void Accept() => Succeed();

    internal override string DescribeForReport() => $"put to {_store.Describe()}";

    internal override void Abandon() => Cancel();
}
