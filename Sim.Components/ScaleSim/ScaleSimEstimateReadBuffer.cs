using System.Buffers;

namespace Sim.Components.ScaleSim;

/// <summary>
/// SCALE-Sim v2's read buffer in bandwidth-estimation mode (<c>InterfaceBandwidth: CALC</c>), modelled from its
/// observable behaviour. It never stalls (every row is served one cycle after its request). It records which words
/// DRAM must deliver: requests are collected, in request order, into sets of floor(SRAM words / 100) distinct words;
/// a word already in the current group of 50 sets (the active half) is a hit. When a group fills, its words are
/// fetched in the window since the previous group filled (the first group at 10 words/cycle, ending two cycles
/// before the first request); at the end the open group is fetched in the last window (or, if no group ever
/// filled, before the first cycle at 10 words/cycle).
/// </summary>
internal sealed class ScaleSimEstimateReadBuffer : IScaleSimReadBuffer
{
    private const int SetsPerGroup = 50;
    private const int DefaultBandwidth = 10;
    private readonly int[] _stamp;
    private readonly long _setWords;
    private int _group = 1;
    private long _inSet;
    private long _setsInGroup;
    private long _groupWords;
    private bool _firstSeen;
    private long _firstRequest;
    private bool _triggered;
    private long _lastStart, _lastEnd;

    public ScaleSimEstimateReadBuffer(long footprint, long sramWords)
    {
        // Pooled: a network allocates it once, not per layer; stamps start below every group id.
        _stamp = ArrayPool<int>.Shared.Rent((int)footprint);
        Array.Clear(_stamp, 0, (int)footprint);
        _setWords = sramWords / 100;
        if (_setWords <= 0) throw new ArgumentOutOfRangeException(nameof(sramWords), "SCALE-Sim's estimate mode needs SRAMs of at least 100 words");
    }

    public long DramWords { get; private set; }
    public long DramStart { get; private set; }
    public long DramStop { get; private set; }

    public long Service(long cycle, ReadOnlySpan<int> words)
    {
        foreach (var w in words)
        {
            if (w < 0) continue;
            if (!_firstSeen)
            {
                _firstSeen = true;
                _firstRequest = cycle;
            }
            if (_stamp[w] == _group) continue;
            _stamp[w] = _group;
            _groupWords++;
            if (++_inSet < _setWords) continue;
            _inSet = 0;
            if (++_setsInGroup < SetsPerGroup) continue;
            // A group of sets filled: fetch it.
            if (!_triggered)
            {
                _triggered = true;
                _lastEnd = _firstRequest - 2;
                var needed = (SetsPerGroup * _setWords + DefaultBandwidth - 1) / DefaultBandwidth;
                _lastStart = _lastEnd - needed + 1;
                DramStart = _lastStart + 1;
            }
            DramWords += _groupWords;
            DramStop = _lastEnd + 1;
            _lastStart = _lastEnd + 1;
            _lastEnd = cycle;
            _group++;
            _groupWords = 0;
            _setsInGroup = 0;
        }
        return cycle + 1;
    }

    public void Finish()
    {
        ArrayPool<int>.Shared.Return(_stamp);
        if (!_triggered)
        {
            var sets = _setsInGroup + (_inSet > 0 ? 1 : 0);
            var needed = (sets * _setWords + DefaultBandwidth - 1) / DefaultBandwidth;
            DramWords = _groupWords;
            DramStart = -needed;
            DramStop = -1;
            return;
        }
        DramWords += _groupWords;
        DramStop = _lastEnd + 1;
    }
}
