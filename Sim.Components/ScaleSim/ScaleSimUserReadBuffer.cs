using System.Buffers;

namespace Sim.Components.ScaleSim;

/// <summary>
/// SCALE-Sim v2's read buffer with a user-given DRAM bandwidth (<c>InterfaceBandwidth: USER</c>), modelled from its
/// observable behaviour. The prefetch order (<see cref="ScaleSimDemand.PrefetchSequence"/>) is cut into 100 lines
/// of ceil(SRAM words / 100) valid words; the active half of the SRAM holds a circular window of lines. A request for
/// a word outside the window slides the window by the prefetch half's lines and issues one prefetch of
/// ceil(prefetch half / bandwidth) bandwidth-wide DRAM rows, which starts one cycle after the previous prefetch
/// finished (not when it was needed) and completes one cycle after its last row; the request waits until then.
/// The first fill of the active half ends the cycle before the first request. DRAM words are counted as whole
/// bandwidth-wide rows.
/// <para>Artefact kept for compatibility: every prefetch after the first re-issues the same rows of the prefetch
/// order (SCALE-Sim restarts its row pointer at a fixed index), so the DRAM trace's addresses repeat; only its
/// counts and cycles are meaningful, and they are what this model reproduces.</para>
/// <para>SCALE-Sim v3 (<c>v3StallAccounting</c>) changed the wait: after each prefetch it adds the gap
/// between the prefetch's end and the request's current completion to that completion, and adds it once more when
/// positive. So a request that waits is charged twice its wait, and one whose prefetch ended earlier completes at the
/// prefetch's end cycle, which may be before the request (an artefact, kept in compatibility mode; its reports show
/// the doubled stalls).</para>
/// </summary>
internal sealed class ScaleSimUserReadBuffer : IScaleSimReadBuffer
{
    private readonly int _lines;
    private readonly int _active;
    private readonly int _prefetch;
    // For each word, the lines of the prefetch order that hold it (ascending, each once): _occurrences[_first[w].._first[w + 1]).
    private readonly int _footprint;
    private readonly int[] _first;
    private readonly int[] _occurrences;
    private readonly int[] _hint;
    private readonly long _bandwidth;
    private readonly long _initialRows;
    private readonly long _prefetchRows;
    private int _start;
    private bool _started;
    private long _lastPrefetch;
    private readonly bool _v3;

    public ScaleSimUserReadBuffer(int[] sequence, bool uniqueWords, long footprint, long prefetchElements, long sramWords, int bandwidth, bool v3StallAccounting = false)
    {
        _v3 = v3StallAccounting;
        _bandwidth = bandwidth;
        var activeWords = (sramWords + 1) / 2;
        var prefetchWords = sramWords - activeWords;
        var lineWords = (int)Math.Min(int.MaxValue, (sramWords + 99) / 100);
        _lines = sequence.Length / lineWords + 1;
        _active = (int)Math.Min((activeWords + lineWords - 1) / lineWords, _lines);
        _prefetch = (int)Math.Min((prefetchWords + lineWords - 1) / lineWords, _lines - _active);
        var fetchRows = (prefetchElements + bandwidth - 1) / bandwidth;
        _initialRows = Math.Min((activeWords + bandwidth - 1) / bandwidth, fetchRows);
        _prefetchRows = (prefetchWords + bandwidth - 1) / bandwidth;

        // Index the prefetch order by word: for each word the lines holding it. The arrays come from the shared
        // pool and go back in Finish, so a network allocates them once, not per layer.
        _footprint = (int)footprint;
        _hint = ArrayPool<int>.Shared.Rent(_footprint);
        if (uniqueWords)
        {
            // Every word appears once (filters): its line is all there is to know.
            _first = [];
            _occurrences = [];
            for (int i = 0, line = 0, inLine = 0; i < sequence.Length; i++)
            {
                _hint[sequence[i]] = line;
                if (++inLine == lineWords) { inLine = 0; line++; }
            }
            return;
        }
        // A counting sort (lines ascend because the order is scanned once), each word's line listed once.
        _first = ArrayPool<int>.Shared.Rent(_footprint + 1);
        Array.Clear(_first, 0, _footprint + 1);
        var last = _hint;
        Array.Fill(last, -1, 0, _footprint);
        for (int i = 0, line = 0, inLine = 0; i < sequence.Length; i++)
        {
            var w = sequence[i];
            if (last[w] != line)
            {
                last[w] = line;
                _first[w + 1]++;
            }
            if (++inLine == lineWords) { inLine = 0; line++; }
        }
        for (var w = 0; w < _footprint; w++) _first[w + 1] += _first[w];
        var total = _first[_footprint];
        _occurrences = ArrayPool<int>.Shared.Rent(Math.Max(1, total));
        // Fill using _first[w] as w's insertion point; afterwards _first[w] is w's end, i.e. w + 1's start.
        Array.Fill(last, -1, 0, _footprint);
        for (int i = 0, line = 0, inLine = 0; i < sequence.Length; i++)
        {
            var w = sequence[i];
            if (last[w] != line)
            {
                last[w] = line;
                _occurrences[_first[w]++] = line;
            }
            if (++inLine == lineWords) { inLine = 0; line++; }
        }
        Array.Copy(_first, 0, _first, 1, _footprint);
        _first[0] = 0;
        for (var w = 0; w < _footprint; w++)
        {
            _hint[w] = _first[w] < _first[w + 1] ? _occurrences[_first[w]] : -1;
        }
    }

    public long DramWords { get; private set; }
    public long DramStart { get; private set; }
    public long DramStop { get; private set; }

    public long Service(long cycle, ReadOnlySpan<int> words)
    {
        if (!_started)
        {
            _started = true;
            DramWords = _initialRows * _bandwidth;
            DramStart = cycle - _initialRows;
            _lastPrefetch = cycle - 1;
            DramStop = _lastPrefetch;
        }
        long offset = 1;
        foreach (var w in words)
        {
            if (w < 0 || InWindow(w)) continue;
            if (_hint[w] < 0) throw new InvalidOperationException($"SCALE-Sim read buffer: word {w} is never prefetched");
            if (_prefetch == 0)
            {
                throw new InvalidOperationException($"SCALE-Sim read buffer: word {w} is never prefetched");
            }
            do
            {
                Slide();
                var stall = _lastPrefetch - (cycle + offset);
                if (_v3) offset += stall;
                if (stall > 0) offset += stall;
            }
            while (!InWindow(w));
        }
        return cycle + offset;
    }

    public void Finish()
    {
        ArrayPool<int>.Shared.Return(_hint);
        if (_first.Length == 0) return;
        ArrayPool<int>.Shared.Return(_first);
        ArrayPool<int>.Shared.Return(_occurrences);
    }

    /// <summary>True if one of the lines holding <paramref name="w"/> is in the active window [start, start + active) (circular).</summary>
    private bool InWindow(int w)
    {
        // The line that held w last time usually still does (the window moves forward slowly): try it first.
        var d = _hint[w] - _start;
        if (d < 0) d += _lines;
        if (d < _active) return true;
        if (_first.Length == 0) return false;
        var occ = _occurrences;
        for (int k = _first[w], end = _first[w + 1]; k < end; k++)
        {
            d = occ[k] - _start;
            if (d < 0) d += _lines;
            if (d < _active)
            {
                _hint[w] = occ[k];
                return true;
            }
        }
        return false;
    }

    private void Slide()
    {
        _start = (_start + _prefetch) % _lines;
        DramWords += _prefetchRows * _bandwidth;
        _lastPrefetch += _prefetchRows + 1;
        DramStop = _lastPrefetch;
    }
}
