using Sim.Components.Config;

namespace Sim.Components.Dram;

/// <summary>
/// Open-row state of one DDR4 channel's banks. A transfer is cut into row-sized segments; each segment to the open
/// row pays tCL, to a closed bank tRCD + tCL, to another row of an open bank tRP + tRCD + tCL; a bank's
/// activation overlaps the data of other banks, while the data bus moves one burst per tBURST. Times are in ns.
/// </summary>
internal sealed class Ddr4BankState
{
    private readonly Ddr4Timing _t;
    private readonly int _burst;
    private readonly long[] _openRow;
    private readonly double[] _bankReady;
    private double _busFree;

    public Ddr4BankState(Ddr4Timing timing, int burstBytes)
    {
        _t = timing;
        _burst = burstBytes;
        _openRow = new long[timing.Banks];
        Array.Fill(_openRow, -1L);
        _bankReady = new double[timing.Banks];
    }

    public long RowHits { get; private set; }
    public long RowMisses { get; private set; }
    public long RowConflicts { get; private set; }

    /// <summary>Serves <paramref name="bytes"/> from <paramref name="address"/> issued at <paramref name="issueNs"/>; returns the end time in ns.</summary>
    public double Serve(long address, long bytes, double issueNs)
    {
        var end = issueNs;
        var addr = address;
        var remaining = bytes;
        while (remaining > 0)
        {
            var row = addr / _t.RowBytes;
            var inRow = Math.Min(remaining, _t.RowBytes - addr % _t.RowBytes);
            var bank = (int)(row % _t.Banks);
            double prep;
            if (_openRow[bank] == row) { prep = _t.TClNs; RowHits++; }
            else if (_openRow[bank] < 0) { prep = _t.TRcdNs + _t.TClNs; RowMisses++; }
            else { prep = _t.TRpNs + _t.TRcdNs + _t.TClNs; RowConflicts++; }
            _openRow[bank] = row;
            var firstData = Math.Max(issueNs, _bankReady[bank]) + prep;
            var start = Math.Max(firstData, _busFree);
            var bursts = (inRow + _burst - 1) / _burst;
            _busFree = start + bursts * _t.TBurstNs;
            _bankReady[bank] = _busFree;
            end = _busFree;
            addr += inRow;
            remaining -= inRow;
        }
        return end;
    }
}
