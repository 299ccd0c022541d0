using Sim.Components.Config;

namespace Sim.Components.Dram;

/// <summary>
/// Command-level state of one DDR4 rank behind an open-page controller (a row closes only when another row of its
/// bank is needed) that schedules bursts first-ready within a window (<see cref="ServeBatch"/>). Each burst issues, as
/// early as the JEDEC constraints allow, a PRE (row conflict), an ACT (closed bank) and its RD or WR; commands of one
/// burst may issue while another's data is still on the bus, so activations overlap transfers. Constraints:
/// tRCD, tRP, tRAS, tRC, tRTP, tWR, tRRD_S/L, tFAW, tCCD_S/L, tWTR_S/L, read-to-write bus turnaround
/// (CL + BL/2 + 2 - CWL), and all-bank refresh (tRFC every tREFI, rows closed). Times are whole clocks internally,
/// ns outside. What it leaves out (write buffering, the command bus) is measured against DRAMsim3 in docs/validation.md.
/// </summary>
internal sealed class Ddr4BankState
{
    private const long Never = long.MinValue / 4;
    private readonly Ddr4Timing _t;
    private readonly int _burst;
    private readonly long _rcd, _cl, _rp, _ras, _cwl, _bl, _ccdS, _ccdL, _rrdS, _rrdL, _faw, _wtrS, _wtrL, _wr, _rtp, _rfc, _refi;
    private readonly long[] _openRow;
    private readonly long[] _casReady;
    private readonly long[] _preReady;
    private readonly long[] _actReady;
    private readonly List<(long Time, int Bg)> _acts = new(ActHistory + 1);
    private readonly long[] _lastCasBg;
    private readonly long[] _lastWriteBg;
    private const int ActHistory = 16;
    private long _actFloor = Never;
    private long _lastCas = Never, _lastWrite = Never, _lastRead = Never;
    private long _busFree = Never;
    private long _refreshEnd = Never;
    private long _nextRefresh;

    public Ddr4BankState(Ddr4Timing timing, int burstBytes)
    {
        _t = timing;
        _burst = burstBytes;
        _rcd = timing.Clocks(timing.TRcdNs);
        _cl = timing.Clocks(timing.TClNs);
        _rp = timing.Clocks(timing.TRpNs);
        _ras = timing.Clocks(timing.TRasNs);
        _cwl = timing.Clocks(timing.TCwlNs);
        _bl = Math.Max(1, timing.Clocks(timing.TBurstNs));
        _ccdS = timing.Clocks(timing.TCcdSNs);
        _ccdL = timing.Clocks(timing.TCcdLNs);
        _rrdS = timing.Clocks(timing.TRrdSNs);
        _rrdL = timing.Clocks(timing.TRrdLNs);
        _faw = timing.Clocks(timing.TFawNs);
        _wtrS = timing.Clocks(timing.TWtrSNs);
        _wtrL = timing.Clocks(timing.TWtrLNs);
        _wr = timing.Clocks(timing.TWrNs);
        _rtp = timing.Clocks(timing.TRtpNs);
        _rfc = timing.Clocks(timing.TRfcNs);
        _refi = timing.Clocks(timing.TRefiNs);
        _nextRefresh = _refi > 0 ? _refi : long.MaxValue;
        _openRow = new long[timing.Banks];
        Array.Fill(_openRow, -1L);
        _casReady = new long[timing.Banks];
        _preReady = new long[timing.Banks];
        _actReady = new long[timing.Banks];
        Array.Fill(_preReady, Never);
        Array.Fill(_actReady, Never);
        _lastCasBg = Filled(timing.BankGroups);
        _lastWriteBg = Filled(timing.BankGroups);
    }

    /// <summary>Bursts that found their row open.</summary>
    public long RowHits { get; private set; }

    /// <summary>Bursts that found their bank closed (one ACT).</summary>
    public long RowMisses { get; private set; }

    /// <summary>Bursts that found another row open (PRE then ACT).</summary>
    public long RowConflicts { get; private set; }

    /// <summary>All-bank refreshes performed.</summary>
    public long Refreshes { get; private set; }

    /// <summary>Window of bursts the scheduler picks from (DRAMsim3's transaction queue holds 32).</summary>
    public const int Window = 32;

    /// <summary>
    /// Serves a batch of requests (address, bytes, write, arrival in ns) with first-ready scheduling over a sliding
    /// window of <see cref="Window"/> bursts in arrival order: of the bursts in the window, the one whose RD/WR can
    /// issue first goes next (row hits before row changes, same-direction bursts before turnarounds, oldest on ties),
    /// as an FR-FCFS controller does. Returns each request's end (its last burst's data) in ns.
    /// </summary>
    public double[] ServeBatch(IReadOnlyList<(long Address, long Bytes, bool IsWrite, double IssueNs)> requests)
    {
        var end = new double[requests.Count];
        var window = new List<(int Req, long Address, bool Write, long Arrive)>(Window);
        var plans = new Plan[Window];
        int next = 0;
        long nextBurst = 0, bursts = 0, arrive = 0;
        var ends = new long[requests.Count];
        while (true)
        {
            // Refill the window in arrival order.
            while (window.Count < Window && next < requests.Count)
            {
                if (nextBurst == 0)
                {
                    var r = requests[next];
                    bursts = Math.Max(1, (r.Bytes + _burst - 1) / _burst);
                    arrive = (long)Math.Ceiling(r.IssueNs / _t.TCkNs - 1e-9);
                    ends[next] = arrive;
                }
                var q = requests[next];
                window.Add((next, q.Address + nextBurst * _burst, q.IsWrite, arrive));
                if (++nextBurst == bursts)
                {
                    nextBurst = 0;
                    next++;
                }
            }
            if (window.Count == 0) break;
            var best = 0;
            for (var i = 0; i < window.Count; i++)
            {
                plans[i] = PlanBurst(window[i].Address, window[i].Write, window[i].Arrive);
                if (plans[i].Cas < plans[best].Cas) best = i;
            }
            if (plans[best].First >= _nextRefresh)
            {
                Refresh();
                continue;
            }
            var w = window[best];
            ends[w.Req] = Math.Max(ends[w.Req], Commit(plans[best], w.Write));
            window.RemoveAt(best);
        }
        for (var i = 0; i < end.Length; i++) end[i] = ends[i] * _t.TCkNs;
        return end;
    }

    /// <summary>When the commands of one burst would issue given the state now (no side effect).</summary>
    private readonly record struct Plan(int Bank, int Bg, long Row, bool Hit, long Pre, long Act, long Cas, long Latency, long First);

    private Plan PlanBurst(long address, bool isWrite, long arrive)
    {
        var rowId = address / _t.RowBytes;
        var bank = (int)(rowId % _t.Banks);
        var bg = bank % _t.BankGroups;
        var from = Math.Max(arrive, _refreshEnd);
        var hit = _openRow[bank] == rowId;
        long pre = Never, act = Never, casMin;
        if (hit)
        {
            casMin = _casReady[bank];
        }
        else
        {
            var actMin = Math.Max(from, _actReady[bank]);
            if (_openRow[bank] >= 0)
            {
                pre = Math.Max(from, _preReady[bank]);
                actMin = Math.Max(actMin, pre + _rp);
            }
            act = ActSlot(actMin, bg);
            casMin = act + _rcd;
        }
        var cas = Max(from, casMin, _lastCas + _ccdS, _lastCasBg[bg] + _ccdL);
        long latency;
        if (isWrite)
        {
            cas = Math.Max(cas, _lastRead + _cl + _bl + 2 - _cwl);
            latency = _cwl;
        }
        else
        {
            cas = Math.Max(cas, Math.Max(_lastWrite + _cwl + _bl + _wtrS, _lastWriteBg[bg] + _cwl + _bl + _wtrL));
            latency = _cl;
        }
        cas = Math.Max(cas, _busFree - latency);
        var first = hit ? cas : pre != Never ? pre : act;
        return new Plan(bank, bg, rowId, hit, pre, act, cas, latency, first);
    }

    /// <summary>Issues a planned burst's commands; returns the end of its data.</summary>
    private long Commit(in Plan p, bool isWrite)
    {
        var bank = p.Bank;
        var bg = p.Bg;
        if (p.Hit) RowHits++;
        else
        {
            if (p.Pre != Never) RowConflicts++; else RowMisses++;
            _openRow[bank] = p.Row;
            _casReady[bank] = p.Act + _rcd;
            _preReady[bank] = p.Act + _ras;
            _actReady[bank] = p.Act + _ras + _rp;
            RecordAct(p.Act, bg);
        }
        var cas = p.Cas;
        _lastCas = Math.Max(_lastCas, cas);
        _lastCasBg[bg] = Math.Max(_lastCasBg[bg], cas);
        if (isWrite)
        {
            _lastWrite = Math.Max(_lastWrite, cas);
            _lastWriteBg[bg] = Math.Max(_lastWriteBg[bg], cas);
            _preReady[bank] = Math.Max(_preReady[bank], cas + _cwl + _bl + _wr);
        }
        else
        {
            _lastRead = Math.Max(_lastRead, cas);
            _preReady[bank] = Math.Max(_preReady[bank], cas + _rtp);
        }
        _busFree = Math.Max(_busFree, cas + p.Latency + _bl);
        return cas + p.Latency + _bl;
    }

    /// <summary>All-bank refresh due at the next tREFI: precharge the open banks, then tRFC with no command; rows close.</summary>
    private void Refresh()
    {
        var start = _nextRefresh;
        var anyOpen = false;
        for (var b = 0; b < _openRow.Length; b++)
        {
            if (_openRow[b] < 0) continue;
            anyOpen = true;
            start = Math.Max(start, _preReady[b]);
        }
        // A refresh also waits for the last write's data to reach the array (covered by tWR in preReady) and the bus.
        start = Math.Max(start, _busFree);
        _refreshEnd = start + (anyOpen ? _rp : 0) + _rfc;
        Array.Fill(_openRow, -1L);
        Array.Fill(_actReady, _refreshEnd);
        _nextRefresh += _refi;
        Refreshes++;
    }

    /// <summary>
    /// Earliest ACT at or after <paramref name="from"/> in bank group <paramref name="bg"/> that keeps tRRD_S/tRRD_L
    /// to every recent ACT (before or after it: a later request's ACT may go ahead of an earlier one whose bank is
    /// still busy) and leaves at most four ACTs in any tFAW window.
    /// </summary>
    private long ActSlot(long from, int bg)
    {
        var t = Math.Max(from, _actFloor);
        while (true)
        {
            var moved = false;
            foreach (var (a, abg) in _acts)
            {
                var rrd = abg == bg ? _rrdL : _rrdS;
                if (t > a - rrd && t < a + rrd) { t = a + rrd; moved = true; }
            }
            if (moved) continue;
            if (FawOk(t)) return t;
            t++;
        }
    }

    /// <summary>True when an ACT at <paramref name="t"/> leaves every window of tFAW clocks with at most four ACTs.</summary>
    private bool FawOk(long t)
    {
        Span<long> near = stackalloc long[ActHistory + 1];
        var n = 0;
        foreach (var (a, _) in _acts)
        {
            if (a > t - _faw && a < t + _faw) near[n++] = a;
        }
        if (n < 4) return true;
        near[n++] = t;
        var window = near[..n];
        window.Sort();
        for (var i = 0; i + 4 < n; i++)
        {
            if (window[i + 4] - window[i] < _faw) return false;
        }
        return true;
    }

    /// <summary>When set, every ACT's clock is appended (tests check tRRD/tFAW on it).</summary>
    internal List<long>? ActLog { get; set; }

    private void RecordAct(long act, int bg)
    {
        ActLog?.Add(act);
        _acts.Add((act, bg));
        if (_acts.Count > ActHistory)
        {
            // An ACT that leaves the history can no longer be checked against: later ACTs stay clear of all its windows.
            _actFloor = Math.Max(_actFloor, _acts[0].Time + Math.Max(_faw, _rrdL));
            _acts.RemoveAt(0);
        }
    }

    private static long Max(long a, long b, long c, long d) => Math.Max(Math.Max(a, b), Math.Max(c, d));

    private static long[] Filled(int n)
    {
        var a = new long[n];
        Array.Fill(a, Never);
        return a;
    }
}
