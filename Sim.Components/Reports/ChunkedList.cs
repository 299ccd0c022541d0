using System.Collections;
using System.Runtime.CompilerServices;

namespace Sim.Components.Reports;

/// <summary>
/// An append-only list kept in fixed-size chunks of at most 64 KB: growing never copies, and no chunk is big enough for
/// the large-object heap, so a run's hundreds of thousands of timeline intervals neither double-copy as they arrive nor
/// trigger full garbage collections.
/// </summary>
public sealed class ChunkedList<T> : IReadOnlyList<T>
{
    private static readonly int ChunkSize = Math.Max(1, 65536 / Unsafe.SizeOf<T>());
    private readonly List<T[]> _chunks = [];

    public int Count { get; private set; }

    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _chunks[index / ChunkSize][index % ChunkSize];
        }
    }

    public void Add(T item)
    {
        var chunk = Count / ChunkSize;
        if (chunk == _chunks.Count) _chunks.Add(new T[ChunkSize]);
        _chunks[chunk][Count % ChunkSize] = item;
        Count++;
    }

    public IEnumerator<T> GetEnumerator()
    {
        var left = Count;
        foreach (var chunk in _chunks)
        {
            var n = Math.Min(left, chunk.Length);
            for (var i = 0; i < n; i++) yield return chunk[i];
            left -= n;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
