namespace Sim.Core.Resources;

/// <summary>
/// A growable ring buffer with O(1) work at both ends and removal in the middle: the waiting lines and
/// item buffers of resources, stores and containers (no per-item node allocation, unlike LinkedList).
/// </summary>
internal sealed class Deque<T>
{
    private T[] _items = new T[8];
    private int _head;
    private int _count;

    public int Count => _count;

    public T this[int index]
    {
        get => _items[(_head + index) & (_items.Length - 1)];
    }

    public T PeekFirst() => _items[_head];

    public void AddLast(T item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }
        _items[(_head + _count) & (_items.Length - 1)] = item;
        _count++;
    }

    public T RemoveFirst()
    {
        var item = _items[_head];
        _items[_head] = default!;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        return item;
    }

    /// <summary>Inserts so that the item ends at <paramref name="index"/>, shifting the later items back.</summary>
    public void Insert(int index, T item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }
        var mask = _items.Length - 1;
        for (var i = _count; i > index; i--)
        {
            _items[(_head + i) & mask] = _items[(_head + i - 1) & mask];
        }
        _items[(_head + index) & mask] = item;
        _count++;
    }

    public void RemoveAt(int index)
    {
        if (index == 0)
        {
            RemoveFirst();
            return;
        }
        var mask = _items.Length - 1;
        for (var i = index; i < _count - 1; i++)
        {
            _items[(_head + i) & mask] = _items[(_head + i + 1) & mask];
        }
        _items[(_head + _count - 1) & mask] = default!;
        _count--;
    }

    public int IndexOf(T item)
    {
        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < _count; i++)
        {
            if (comparer.Equals(this[i], item))
            {
                return i;
            }
        }
        return -1;
    }

    public bool Remove(T item)
    {
        var i = IndexOf(item);
        if (i < 0)
        {
            return false;
        }
        RemoveAt(i);
        return true;
    }

    private void Grow()
    {
        var bigger = new T[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = this[i];
        }
        _items = bigger;
        _head = 0;
    }
}
