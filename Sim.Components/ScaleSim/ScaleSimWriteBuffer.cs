namespace Sim.Components.ScaleSim;

/// <summary>
/// SCALE-Sim v2's double-buffered OFMAP SRAM, modelled from its observable behaviour. Written words fill
/// bandwidth-wide DRAM lines. When more than the drain half is occupied and no drain is running, the open line is
/// closed (possibly partial) and a drain of up to ceil(drain half / bandwidth) lines starts, one line per cycle; a
/// write that finds the SRAM full while a drain runs waits for the drain to end. A drain counts its lines as full
/// except the last one's empty slots (so a partial line in the middle of a drain counts as full: kept for
/// compatibility). After the last row everything left is drained back to back.
/// </summary>
internal sealed class ScaleSimWriteBuffer
{
    private readonly long _total;
    private readonly long _drainWords;
    private readonly long _bandwidth;
    private readonly long _drainLines;
    private readonly Queue<int> _lines = new();
    private long _free;
    private int _open;
    private long _drainEnd;
    private bool _anyDrain;

    public ScaleSimWriteBuffer(long sramWords, int bandwidth)
    {
        _total = sramWords;
        _drainWords = sramWords - (sramWords + 1) / 2;
        _bandwidth = bandwidth;
        _drainLines = (_drainWords + bandwidth - 1) / bandwidth;
        _free = sramWords;
    }

    public long DramWords { get; private set; }
    public long DramStart { get; private set; }
    public long DramStop { get; private set; }

    /// <summary>Writes <paramref name="words"/> words requested at <paramref name="cycle"/>; returns the cycle the row completes.</summary>
    public long Service(long cycle, int words)
    {
        var current = cycle;
        for (var i = 0; i < words; i++)
        {
            _free--;
            if (++_open == _bandwidth)
            {
                _lines.Enqueue(_open);
                _open = 0;
            }
            if (current < _drainEnd)
            {
                if (_free <= 0) current = _drainEnd;
            }
            else if (_free < _total - _drainWords)
            {
                CloseOpenLine();
                _drainEnd = Drain(current);
            }
        }
        return current;
    }

    /// <summary>Drains everything left, starting at <paramref name="cycle"/>.</summary>
    public void Finish(long cycle)
    {
        CloseOpenLine();
        while (_lines.Count > 0)
        {
            _drainEnd = Drain(cycle);
            cycle = _drainEnd + 1;
        }
    }

    private void CloseOpenLine()
    {
        if (_open == 0) return;
        _lines.Enqueue(_open);
        _open = 0;
    }

    private long Drain(long start)
    {
        var n = (int)Math.Min(_drainLines, _lines.Count);
        if (n == 0) throw new InvalidOperationException("SCALE-Sim write buffer: drain with nothing to drain");
        var last = 0;
        for (var i = 0; i < n; i++) last = _lines.Dequeue();
        var words = n * _bandwidth - (_bandwidth - last);
        DramWords += words;
        _free += words;
        if (!_anyDrain)
        {
            _anyDrain = true;
            DramStart = start;
        }
        DramStop = start + n - 1;
        return start + n - 1;
    }
}
