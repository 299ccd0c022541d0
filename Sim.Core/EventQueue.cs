using System.Runtime.CompilerServices;

namespace Sim.Core;

/// <summary>
/// The future event list: a 4-ary min-heap of structs keyed by (time, priority, sequence). The sequence
/// number is unique and increasing, so equal (time, priority) keys leave in insertion order at any size
/// and no comparer or node object is allocated per event.
/// </summary>
internal sealed class EventQueue
{
    internal struct Entry
    {
        public long Time;
        public long Seq;
        public int Priority;
        public Event Event;
    }

    private Entry[] _heap = new Entry[256];
    private int _count;
    private long _seq;

    public int Count => _count;

    public long PeekTime => _heap[0].Time;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Less(in Entry a, in Entry b) =>
        a.Time < b.Time || (a.Time == b.Time && (a.Priority < b.Priority || (a.Priority == b.Priority && a.Seq < b.Seq)));

    public void Push(long time, int priority, Event ev)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }
        var entry = new Entry { Time = time, Priority = priority, Seq = _seq++, Event = ev };
        var heap = _heap;
        var i = _count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 2;
            if (!Less(entry, heap[parent]))
            {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
    }

    /// <summary>Removes the smallest entry. Precondition: Count &gt; 0.</summary>
    public Event Pop(out long time)
    {
        var heap = _heap;
        var top = heap[0].Event;
        time = heap[0].Time;
        var n = --_count;
        var last = heap[n];
        heap[n].Event = null!;
        if (n > 0)
        {
            var i = 0;
            while (true)
            {
                var first = (i << 2) + 1;
                if (first >= n)
                {
                    break;
                }
                var best = first;
                var end = Math.Min(first + 4, n);
                for (var c = first + 1; c < end; c++)
                {
                    if (Less(heap[c], heap[best]))
                    {
                        best = c;
                    }
                }
                if (!Less(heap[best], last))
                {
                    break;
                }
                heap[i] = heap[best];
                i = best;
            }
            heap[i] = last;
        }
        return top;
    }
}
