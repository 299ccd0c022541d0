namespace Sim.Core.Resources;

/// <summary>
/// A bounded FIFO buffer of items between processes (a hardware FIFO, a tile queue): a put waits while
/// the store is full (back-pressure), a get waits while it is empty. A filtered get takes the first item
/// that matches and lets gets that cannot be served wait without blocking the others.
/// </summary>
public sealed class Store<T>
{
    private readonly Simulation _sim;
    private readonly Deque<T> _items = new();
    private readonly Deque<StorePut<T>> _puts = new();
    private readonly Deque<StoreGet<T>> _gets = new();
    // Events handed out by Post, oldest first; reused once processed.
    private const int MaxPostedTracked = 64;
    private readonly Deque<StorePut<T>> _posted = new();

    public Store(Simulation sim, int capacity, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(sim);
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A store needs a capacity of at least 1.");
        }
        _sim = sim;
        Capacity = capacity;
        Name = name ?? "store";
    }

    public string Name { get; }
    public int Capacity { get; }

    /// <summary>Items in the store now.</summary>
    public int Count => _items.Count;

    /// <summary>Puts waiting for space.</summary>
    public int PutQueueLength => _puts.Count;

    /// <summary>Gets waiting for an item.</summary>
    public int GetQueueLength => _gets.Count;

    public Simulation Simulation => _sim;

    /// <summary>Offers an item; the event succeeds once the item is in the store.</summary>
    public StorePut<T> Put(T item) => Offer(new StorePut<T>(this, item));

    /// <summary>
    /// Like <see cref="Put"/> for a producer that waits on the returned event at most until it is processed and then
    /// drops it (or never looks at it): the store reuses the events of earlier posts once they are processed, so a
    /// long stream of items allocates no event per item. Same timing and event count as <see cref="Put"/>.
    /// </summary>
    public StorePut<T> Post(T item)
    {
        StorePut<T> put;
        if (_posted.Count > 0 && _posted[0].IsRecyclable)
        {
            put = _posted.RemoveFirst();
            put.Rearm(item);
        }
        else
        {
            // The oldest post is still pending (waiting for space, or withdrawn): stop tracking it past a bound so
            // the list cannot grow without limit; it is then collected like any other event.
            if (_posted.Count >= MaxPostedTracked) _posted.RemoveFirst();
            put = new StorePut<T>(this, item);
        }
        _posted.AddLast(put);
        return Offer(put);
    }

    private StorePut<T> Offer(StorePut<T> put)
    {
        var item = put.Item;
        if (_puts.Count == 0 && _items.Count < Capacity)
        {
            _items.AddLast(item);
            put.Accept();
            if (_gets.Count > 0)
            {
                Settle();
            }
        }
        else
        {
            _puts.AddLast(put);
        }
        return put;
    }

    /// <summary>Takes the oldest item; the event succeeds (with <see cref="StoreGet{T}.Item"/>) once one is there.</summary>
    public StoreGet<T> Get() => Take(new StoreGet<T>(this, null));

    /// <summary>
    /// Like <see cref="Get()"/> for a consumer that takes items one after another: re-arms <paramref name="previous"/>,
    /// its own last get from this store, once that has been processed and its item read, instead of allocating a new
    /// event (<c>get = store.GetNext(get); yield return get; use(get.Item);</c>). Falls back to a new get when
    /// <paramref name="previous"/> is null, from another store, filtered or not processed yet.
    /// Same timing and event count as <see cref="Get()"/>.
    /// </summary>
    public StoreGet<T> GetNext(StoreGet<T>? previous)
    {
        if (previous is null || !ReferenceEquals(previous.Store, this) || previous.Filter is not null || !previous.IsRecyclable)
        {
            return Get();
        }
        previous.Rearm();
        return Take(previous);
    }

    /// <summary>Takes the oldest item for which <paramref name="filter"/> is true.</summary>
    public StoreGet<T> Get(Func<T, bool>? filter) => Take(new StoreGet<T>(this, filter));

    private StoreGet<T> Take(StoreGet<T> get)
    {
        if (TryServe(get))
        {
            if (_puts.Count > 0)
            {
                Settle();
            }
        }
        else
        {
            _gets.AddLast(get);
        }
        return get;
    }

    internal bool Cancel(StorePut<T> put) => _puts.Remove(put);

    internal bool Cancel(StoreGet<T> get) => _gets.Remove(get);

    internal string Describe() =>
        $"store '{Name}' ({_items.Count}/{Capacity} items, {_puts.Count} puts and {_gets.Count} gets waiting)";

    private bool TryServe(StoreGet<T> get)
    {
        var n = _items.Count;
        if (n == 0)
        {
            return false;
        }
        if (get.Filter is null)
        {
            get.Deliver(_items.RemoveFirst());
            return true;
        }
        for (var i = 0; i < n; i++)
        {
            var item = _items[i];
            if (get.Filter(item))
            {
                _items.RemoveAt(i);
                get.Deliver(item);
                return true;
            }
        }
        return false;
    }

    // Moves waiting puts into free space and serves waiting gets until neither can progress.
    private void Settle()
    {
        bool progress;
        do
        {
            progress = false;
            while (_puts.Count > 0 && _items.Count < Capacity)
            {
                var put = _puts.RemoveFirst();
                _items.AddLast(put.Item);
                put.Accept();
                progress = true;
            }
            for (var i = 0; i < _gets.Count && _items.Count > 0;)
            {
                if (TryServe(_gets[i]))
                {
                    _gets.RemoveAt(i);
                    progress = true;
                }
                else
                {
                    i++;
                }
            }
        }
        while (progress && _puts.Count > 0 && _items.Count < Capacity);
    }
}
