using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sim.Core;

/// <summary>
/// The future event list, ordered by (time, priority, insertion sequence) so that equal (time, priority)
/// keys leave strictly first-in-first-out at any size. Simulated time never goes back and is an integer,
/// which allows a faster structure than a comparison heap for the common case, priority 0 (timeouts,
/// succeeded events, resource grants):
/// <list type="bullet">
/// <item>a hierarchical timing wheel (Varghese and Lauck, "Hashed and hierarchical timing wheels",
/// SOSP 1987) over absolute times in base 256 holds priority-0 entries. Level L, slot d holds the times
/// whose highest base-256 digit differing from <c>last</c> (the time last taken out) is digit L, and whose
/// digit L is d; level 0 holds times that differ from <c>last</c> at most in digit 0, so each of its slots
/// is one time. Push is an append to a slot's list; when level 0 is empty, the lowest occupied slot of
/// the lowest occupied level is taken directly if it holds one entry, else spread over the lower levels
/// around its minimum (each slot keeps its minimum, so finding it costs nothing). An entry only moves
/// down, so at most 7 times (2-3 for delays below 2^24 cycles). Entries of one time always share a slot,
/// and every slot stays in insertion order (appends, and stable spreading into empty levels), so equal
/// times leave first-in-first-out without a sequence number. Entries are nodes of one pooled array linked
/// by index, so spreading moves no object references;</item>
/// <item>a 4-ary min-heap of plain structs holds the rare entries with another priority (process
/// start-up and interrupts, <c>Succeed(value, priority)</c>), keyed by (time, priority, sequence).
/// Against a priority-0 entry of the same time only the priority decides, so the two merge exactly.</item>
/// </list>
/// Before the heap's 32-bit sequence would wrap, its pending entries are renumbered in order.
/// </summary>
internal sealed class EventQueue
{
    private const int DigitBits = 8;
    private const int Slots = 1 << DigitBits;          // slots per level
    private const int Levels = 64 / DigitBits;         // times are >= 0, so 8 levels cover them all
    private const int Words = Slots / 64;              // occupancy words per level
    private const int None = -1;

    private struct Node
    {
        public long Time;
        public Event? Event;
        public int Next;
    }

    // Wheel part (priority 0). Slot index s = level << 8 | digit.
    private Node[] _nodes = new Node[64];
    private int _nodeCount;
    private int _freeNode = None;
    private readonly int[] _first = new int[Levels * Slots];
    private readonly int[] _tail = new int[Levels * Slots];
    private readonly long[] _min = new long[Levels * Slots]; // earliest time in each occupied slot
    private readonly ulong[] _occupied = new ulong[Levels * Words];
    // Bit w set iff _occupied[w] != 0. Word w belongs to level w / 4, so the lowest set bit is the
    // lowest occupied word of the lowest occupied level, and bits 0-3 say whether level 0 holds an entry.
    private uint _words;
    private long _last;
    private int _wheelCount;

    // Heap part (other priorities): entries hold no object reference, so sifting moves plain data
    // without GC write barriers; the events sit in _slots, addressed by Slot (freed slots are reused).
    internal struct Entry
    {
        public long Time;
        public long Order; // (priority << 32) | sequence
        public int Slot;
    }

    private Entry[] _heap = new Entry[16];
    private int _heapCount;
    private Event?[] _slots = new Event?[16];
    private int[] _free = new int[16];
    private int _freeCount;
    private int _slotCount;
    private uint _seq;

    public EventQueue()
    {
        Array.Fill(_first, None);
        Array.Fill(_tail, None);
    }

    public int Count => _wheelCount + _heapCount;

    /// <summary>Time of the next entry. Precondition: Count &gt; 0.</summary>
    public long PeekTime
    {
        get
        {
            if (_wheelCount == 0)
            {
                return _heap[0].Time;
            }
            var wheelTime = WheelMinTime();
            return _heapCount > 0 && _heap[0].Time < wheelTime ? _heap[0].Time : wheelTime;
        }
    }

    /// <summary>The heap's next sequence number (exposed so tests can start near the wrap-around).</summary>
    internal uint NextSequence
    {
        get => _seq;
        set => _seq = value;
    }

    /// <summary>Adds an event at <paramref name="time"/>, which must not be before the last time taken out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(long time, int priority, Event ev)
    {
        if (priority == 0)
        {
            var node = _freeNode;
            if (node != None)
            {
                _freeNode = _nodes[node].Next;
            }
            else
            {
                node = NewNode();
            }
            ref var n = ref _nodes[node];
            n.Time = time;
            n.Event = ev;
            Link(node, time);
            _wheelCount++;
        }
        else
        {
            PushHeap(time, priority, ev);
        }
    }

    /// <summary>Removes the smallest entry. Precondition: Count &gt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Event Pop(out long time)
    {
        if (_heapCount != 0 && HeapFirst())
        {
            return PopHeap(out time);
        }
        var slot = LowestSlot();
        var node = _first[slot];
        // Level 0 slots hold one time each, and a slot holding one entry holds the minimum: take either
        // directly. Otherwise spread the slot first (its minimum lands on level 0).
        if (slot >= Slots && _nodes[node].Next != None)
        {
            Refill(slot);
            slot = LowestSlot();
            node = _first[slot];
        }
        ref var n = ref _nodes[node];
        var ev = n.Event!;
        n.Event = null;
        time = n.Time;
        _last = time;
        var next = n.Next;
        _first[slot] = next;
        if (next == None)
        {
            _tail[slot] = None;
            ClearSlot(slot);
        }
        n.Next = _freeNode;
        _freeNode = node;
        _wheelCount--;
        return ev;
    }

    // Appends `node` (at `time`) to the end of its slot's list, placed relative to the current `last`.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Link(int node, long time)
    {
        var x = (ulong)(time ^ _last);
        var level = (63 - BitOperations.LeadingZeroCount(x | 1)) >> 3;
        var digit = (int)(time >> (level * DigitBits)) & (Slots - 1);
        var slot = (level << DigitBits) | digit;
        _nodes[node].Next = None;
        var tail = _tail[slot];
        if (tail == None)
        {
            _first[slot] = node;
            _min[slot] = time;
            _occupied[slot >> 6] |= 1UL << digit;
            _words |= 1u << (slot >> 6);
        }
        else
        {
            _nodes[tail].Next = node;
            if (time < _min[slot])
            {
                _min[slot] = time;
            }
        }
        _tail[slot] = node;
    }

    private int NewNode()
    {
        if (_nodeCount == _nodes.Length)
        {
            Array.Resize(ref _nodes, _nodes.Length * 2);
        }
        return _nodeCount++;
    }

    // The lowest occupied slot of the lowest occupied level (precondition: the wheel holds an entry).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int LowestSlot()
    {
        var w = BitOperations.TrailingZeroCount(_words);
        return (w << 6) | BitOperations.TrailingZeroCount(_occupied[w]);
    }

    // Marks an emptied slot free.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ClearSlot(int slot)
    {
        var w = slot >> 6;
        if ((_occupied[w] &= ~(1UL << slot)) == 0)
        {
            _words &= ~(1u << w);
        }
    }

    // Level 0 is empty: spread `slot`, the lowest occupied slot of the lowest occupied level, around its
    // minimum, which becomes `last`. Every entry lands on a lower level (it now first differs from
    // `last` in a lower digit), and those levels are empty, so each slot stays in insertion order.
    private void Refill(int slot)
    {
        var head = _first[slot];
        _first[slot] = None;
        _tail[slot] = None;
        ClearSlot(slot);
        var nodes = _nodes;
        _last = _min[slot];
        for (var k = head; k != None;)
        {
            var next = nodes[k].Next;
            Link(k, nodes[k].Time);
            k = next;
        }
    }

    // The earliest priority-0 time (precondition: the wheel holds an entry).
    private long WheelMinTime() => _min[LowestSlot()];

    // True when the heap's top comes before every priority-0 entry (precondition: heap not empty).
    private bool HeapFirst()
    {
        if (_wheelCount == 0)
        {
            return true;
        }
        ref var top = ref _heap[0];
        var wheelTime = WheelMinTime();
        return top.Time < wheelTime || (top.Time == wheelTime && top.Order < 0);
    }

    private void PushHeap(long time, int priority, Event ev)
    {
        if (_seq == uint.MaxValue)
        {
            Renumber();
        }
        var order = ((long)priority << 32) | _seq++;
        InsertHeap(time, order, ev);
    }

    private void InsertHeap(long time, long order, Event ev)
    {
        if (_heapCount == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }
        int slot;
        if (_freeCount > 0)
        {
            slot = _free[--_freeCount];
        }
        else
        {
            if (_slotCount == _slots.Length)
            {
                Array.Resize(ref _slots, _slots.Length * 2);
                Array.Resize(ref _free, _slots.Length);
            }
            slot = _slotCount++;
        }
        _slots[slot] = ev;
        var entry = new Entry { Time = time, Order = order, Slot = slot };
        var heap = _heap;
        var i = _heapCount++;
        while (i > 0)
        {
            var parent = (i - 1) >> 2;
            ref var p = ref heap[parent];
            if (!(entry.Time < p.Time || (entry.Time == p.Time && entry.Order < p.Order)))
            {
                break;
            }
            heap[i] = p;
            i = parent;
        }
        heap[i] = entry;
    }

    private Event PopHeap(out long time)
    {
        var heap = _heap;
        var top = heap[0];
        var ev = _slots[top.Slot]!;
        _slots[top.Slot] = null;
        _free[_freeCount++] = top.Slot;
        time = top.Time;
        var n = --_heapCount;
        if (n > 0)
        {
            SiftDown(heap[n], n);
        }
        return ev;
    }

    // Walks a hole at the root down along the smallest of up to four children until `entry` fits.
    private void SiftDown(Entry entry, int n)
    {
        var heap = _heap;
        var i = 0;
        while (true)
        {
            var first = (i << 2) + 1;
            if (first >= n)
            {
                break;
            }
            var best = first;
            var end = first + 4 < n ? first + 4 : n;
            for (var c = first + 1; c < end; c++)
            {
                if (heap[c].Time < heap[best].Time || (heap[c].Time == heap[best].Time && heap[c].Order < heap[best].Order))
                {
                    best = c;
                }
            }
            ref var b = ref heap[best];
            if (entry.Time < b.Time || (entry.Time == b.Time && entry.Order < b.Order))
            {
                break;
            }
            heap[i] = b;
            i = best;
        }
        heap[i] = entry;
    }

    // Gives every heap entry a new sequence number 0..n-1 in queue order, keeping the order intact.
    // A sorted array is a valid heap, so re-inserting in sorted order needs no sifting.
    private void Renumber()
    {
        var all = new (long Time, long Order, Event Event)[_heapCount];
        for (var k = 0; k < _heapCount; k++)
        {
            all[k] = (_heap[k].Time, _heap[k].Order, _slots[_heap[k].Slot]!);
        }
        Array.Sort(all, static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Order.CompareTo(b.Order));
        _heapCount = 0;
        _freeCount = 0;
        _slotCount = 0;
        Array.Clear(_slots);
        _seq = 0;
        foreach (var (time, order, ev) in all)
        {
            InsertHeap(time, (order & ~0xFFFFFFFFL) | _seq++, ev);
        }
    }
}
