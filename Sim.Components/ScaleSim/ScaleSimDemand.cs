using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.ScaleSim;

/// <summary>
/// What a SCALE-Sim v2 systolic array asks of its three SRAMs, cycle by cycle, for one layer: the operand words
/// (addresses relative to each operand's base, -1 where an im2col window runs past the IFMAP edge) in the order the
/// array's edge PEs request them, and the order in which the read buffers prefetch them. This is SCALE-Sim's
/// documented mapping (ISPASS 2020, Samajdar et al., section III): the GEMM is cut into row folds of R and column
/// folds of C, column folds outer; within a fold the streamed operands enter skewed by one cycle per row/column,
/// the stationary operand is loaded bottom row first, and the fold's demand spans OS T + R + C - 2 cycles, WS/IS
/// 2R + T + C - 2 cycles. Rows are produced on the fly, never materialized. SCALE-Sim v3's row-wise N:M
/// (<see cref="ScaleSimRowWiseSparsity"/>, weight stationary) folds the compressed filter instead and feeds each row
/// fold 2R dense window positions in repeated blocks.
/// </summary>
internal sealed class ScaleSimDemand
{
    private readonly int _r, _c;
    private readonly long _sr, _sc, _t;
    private readonly Dataflow _df;

    // im2col: per output pixel its top-left input row/column and base word; per window index its offsets.
    private readonly Corner[] _pix;
    private readonly Corner[] _win;

    private readonly record struct Corner(int Row, int Col, int Word);
    private readonly int _ifmapH, _ifmapW;
    private readonly long _k;
    private readonly long _denseK;
    private readonly int[]? _kept;
    private readonly ScaleSimRowWiseSparsity? _rowWise;
    private readonly int _slots;
    private readonly long _prefetchRowFolds;

    /// <summary>The demand of <paramref name="layer"/>; with <paramref name="kept"/> (SCALE-Sim v3 layer-wise N:M,
    /// <see cref="ScaleSimSparsity"/>) the reduction runs over those window positions only and the filter words keep
    /// their dense addresses; null for a dense layer. With <paramref name="rowWise"/> (weight stationary only) the
    /// filter is SCALE-Sim v3's row-wise compressed one.</summary>
    public ScaleSimDemand(TopologyLayer layer, int rows, int cols, Dataflow dataflow, int[]? kept = null, ScaleSimRowWiseSparsity? rowWise = null)
    {
        if (rowWise is not null && (dataflow != Dataflow.WeightStationary || kept is not null || 2 * rows % rowWise.BlockSize != 0))
        {
            throw new ArgumentException("row-wise N:M demand needs weight stationary, no layer-wise window and a block size dividing 2R", nameof(rowWise));
        }
        _r = rows;
        _c = cols;
        _df = dataflow;
        long m = layer.M, n = layer.N;
        _denseK = layer.K;
        _kept = kept;
        _rowWise = rowWise;
        _k = kept?.Length ?? layer.K;
        (_sr, _sc, _t) = dataflow switch
        {
            Dataflow.OutputStationary => (m, n, _k),
            Dataflow.WeightStationary => (_k, n, m),
            _ => (_k, m, n),
        };
        _prefetchRowFolds = (_sr + rows - 1) / rows;
        if (rowWise is not null) _sr = rowWise.CompressedRows;
        RowFolds = (_sr + rows - 1) / rows;
        ColFolds = (_sc + cols - 1) / cols;
        RowsPerFold = dataflow == Dataflow.OutputStationary ? _t + rows + cols - 2 : 2L * rows + _t + cols - 2;
        IfmapWidth = dataflow == Dataflow.InputStationary ? cols : rows;
        if (rowWise is not null)
        {
            // Blocks of B dense positions, 2R per fold, each repeated floor(B / 2) times across the row inputs.
            _slots = checked(2 * rows / rowWise.BlockSize * rowWise.Half);
            IfmapWidth = checked(_slots * rowWise.BlockSize);
        }
        FilterWidth = dataflow == Dataflow.InputStationary ? rows : cols;

        _ifmapH = layer.IfmapHeight;
        _ifmapW = layer.IfmapWidth;
        int ew = layer.OfmapWidth, ch = layer.Channels;
        if (layer.IfmapWords > MaxFootprint || _denseK * n > MaxFootprint)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), $"layer {layer.Name}: operands of {layer.IfmapWords} and {_denseK * n} words exceed the {MaxFootprint} words SCALE-Sim compatibility mode addresses");
        }
        _pix = new Corner[m];
        for (var p = 0; p < m; p++)
        {
            var ir = p / ew * layer.Stride;
            var ic = p % ew * layer.HorizontalStride;
            _pix[p] = new Corner(ir, ic, (int)(((long)ir * _ifmapW + ic) * ch));
        }
        _win = new Corner[_k];
        var rowSpan = layer.FilterWidth * ch;
        for (var i = 0; i < _k; i++)
        {
            var j = kept is null ? i : kept[i];
            var cr = j / rowSpan;
            var rem = j % rowSpan;
            var cc = rem / ch;
            _win[i] = new Corner(cr, cc, (int)(((long)cr * _ifmapW + cc) * ch + rem % ch));
        }
        IfmapFootprint = layer.IfmapWords;
        FilterFootprint = _denseK * n;
    }

    /// <summary>Largest operand (words) this mode addresses: its per-word state must fit in memory.</summary>
    public const long MaxFootprint = 1L << 26;

    /// <summary>Demand rows of a layer (folds x rows per fold), saturating at long.MaxValue, without building anything.</summary>
    public static long RowCount(TopologyLayer layer, int rows, int cols, Dataflow dataflow)
    {
        var (sr, sc, t) = dataflow switch
        {
            Dataflow.OutputStationary => (layer.M, layer.N, layer.K),
            Dataflow.WeightStationary => (layer.K, layer.N, layer.M),
            _ => (layer.K, layer.M, layer.N),
        };
        Int128 folds = (Int128)((sr + rows - 1) / rows) * ((sc + cols - 1) / cols);
        Int128 perFold = dataflow == Dataflow.OutputStationary ? (Int128)t + rows + cols - 2 : 2 * (Int128)rows + t + cols - 2;
        var n = folds * perFold;
        return n > long.MaxValue ? long.MaxValue : (long)n;
    }

    public long RowFolds { get; }
    public long ColFolds { get; }
    public long Folds => RowFolds * ColFolds;
    public long RowsPerFold { get; }

    /// <summary>Words the ifmap and filter demand rows can hold (the array edge they enter).</summary>
    public int IfmapWidth { get; }
    public int FilterWidth { get; }

    public long IfmapFootprint { get; }
    public long FilterFootprint { get; }

    /// <summary>IFMAP word of im2col element (output pixel p, window index j); -1 past the IFMAP edge.</summary>
    public int Ifmap(long p, long j)
    {
        ref readonly var a = ref _pix[p];
        ref readonly var b = ref _win[j];
        return a.Row + b.Row < _ifmapH && a.Col + b.Col < _ifmapW ? a.Word + b.Word : -1;
    }

    /// <summary>Filter word (window index j, filter n): filters stored one after another.</summary>
    public int Filter(long j, long n) => (int)(n * _denseK + (_kept is null ? j : _kept[j]));

    /// <summary>Row-wise: the filter word in compressed row <paramref name="q"/> of filter <paramref name="n"/>, -1 for an empty slot.</summary>
    private int CompressedFilter(long q, long n)
    {
        var pos = _rowWise!.Position(q, n);
        return pos < 0 ? -1 : (int)(n * _denseK + pos);
    }

    /// <summary>Words SCALE-Sim counts as IFMAP SRAM reads under row-wise N:M: every word of the skewed demand, empty ones included.</summary>
    public long RowWiseIfmapReads => checked(Folds * (_t + _r - 1) * IfmapWidth);

    private int UsedRows(long fr) => (int)Math.Min(_r, _sr - fr * _r);
    private int UsedCols(long fc) => (int)Math.Min(_c, _sc - fc * _c);

    /// <summary>
    /// Fills the demand of row <paramref name="r"/> of fold (<paramref name="fr"/>, <paramref name="fc"/>): the ifmap
    /// and filter words requested that cycle (in array-edge order, -1 entries kept), returning their counts, and the
    /// number of ofmap words written.
    /// </summary>
    public (int Ifmap, int Filter, int Ofmap) Row(long fr, long fc, long r, Span<int> ifmap, Span<int> filter)
    {
        int ur = UsedRows(fr), uc = UsedCols(fc);
        int ni = 0, nf = 0;
        long no;
        long R = _r, T = _t;
        switch (_df)
        {
            case Dataflow.OutputStationary:
            {
                // Skewed streams: edge lane c carries reduction step r - c.
                for (var c = (int)Math.Max(0, r - T + 1); c <= Math.Min(r, ur - 1); c++) ifmap[ni++] = Ifmap(fr * R + c, r - c);
                for (var c = (int)Math.Max(0, r - T + 1); c <= Math.Min(r, uc - 1); c++) filter[nf++] = Filter(r - c, fc * _c + c);
                // Outputs drain after T - 1 cycles, bottom row first, skewed across columns.
                no = Overlap(r - (T + R - 2), r - (T - 1 + R - ur), uc);
                break;
            }
            case Dataflow.WeightStationary when _rowWise is not null:
            {
                // After R cycles of weight loading, T + R - 1 skewed rows: input slot j carries pixel (row - j),
                // block j / h of the fold's 2R window positions.
                var i = r - R;
                if (i >= 0 && i < T + R - 1)
                {
                    var b = _rowWise.BlockSize;
                    var h = _rowWise.Half;
                    for (var j = (int)Math.Max(0, i - T + 1); j <= Math.Min(i, _slots - 1); j++)
                    {
                        var p = i - j;
                        var col0 = fr * 2 * R + j / h * b;
                        for (var e = 0; e < b; e++)
                        {
                            var col = col0 + e;
                            ifmap[ni++] = col < _denseK ? Ifmap(p, col) : -1;
                        }
                    }
                }
                if (r < R && R - 1 - r < ur)
                {
                    var q = fr * R + (R - 1 - r);
                    for (var c = 0; c < uc; c++) filter[nf++] = CompressedFilter(q, fc * _c + c);
                }
                no = Overlap(r - (2 * R - 1) - T + 1, r - (2 * R - 1), uc);
                break;
            }
            case Dataflow.WeightStationary:
            {
                for (var c = (int)Math.Max(0, r - R - T + 1); c <= Math.Min(r - R, ur - 1); c++) ifmap[ni++] = Ifmap(r - c - R, fr * R + c);
                if (r < R && R - 1 - r < ur)
                {
                    var j = fr * R + (R - 1 - r);
                    for (var c = 0; c < uc; c++) filter[nf++] = Filter(j, fc * _c + c);
                }
                no = Overlap(r - (2 * R - 1) - T + 1, r - (2 * R - 1), uc);
                break;
            }
            default:
            {
                if (r < R && R - 1 - r < ur)
                {
                    var j = fr * R + (R - 1 - r);
                    for (var c = 0; c < uc; c++) ifmap[ni++] = Ifmap(fc * _c + c, j);
                }
                for (var c = (int)Math.Max(0, r - R - T + 1); c <= Math.Min(r - R, ur - 1); c++) filter[nf++] = Filter(fr * R + c, r - c - R);
                no = Overlap(r - (2 * R - 1) - T + 1, r - (2 * R - 1), uc);
                break;
            }
        }
        return (ni, nf, (int)no);
    }

    /// <summary>Number of integers in [lo, hi] ∩ [0, width - 1].</summary>
    private static long Overlap(long lo, long hi, int width) => Math.Max(0, Math.Min(hi, width - 1) - Math.Max(lo, 0) + 1);

    /// <summary>Total words (including -1 padding) of a read buffer's prefetch matrix.</summary>
    public long PrefetchElements(bool ifmapOperand) => (_df, ifmapOperand) switch
    {
        (Dataflow.OutputStationary, true) => _t * RowFolds * _r,
        (Dataflow.OutputStationary, false) => _t * ColFolds * _c,
        (Dataflow.WeightStationary, true) => _t * _prefetchRowFolds * _r,
        (Dataflow.WeightStationary, false) => _sr * ColFolds * _c,
        (_, true) => _sr * ColFolds * _c,
        _ => _t * RowFolds * _r,
    };

    /// <summary>
    /// The words a read buffer prefetches, in order, padding dropped: the operand's fold slices stacked (one slice
    /// per row fold for the operand that enters along the rows, per column fold for the other) and read either
    /// row by row (the stationary operand) or along anti-diagonals (streamed operands, in the order of their skew).
    /// </summary>
    public int[] PrefetchSequence(bool ifmapOperand)
    {
        var buffer = new int[PrefetchElements(ifmapOperand)];
        var n = 0;
        long sr = _sr, sc = _sc, t = _t;
        int R = _r, C = _c;
        switch (_df, ifmapOperand)
        {
            case (Dataflow.OutputStationary, true):
                // Row fr * T + t, column c: ifmap (pixel fr * R + c, window t).
                n = Diagonal(t, RowFolds, R, buffer, (fold, within, col) => { var p = fold * R + col; return p < sr ? Ifmap(p, within) : -1; });
                break;
            case (Dataflow.OutputStationary, false):
                n = Diagonal(t, ColFolds, C, buffer, (fold, within, col) => { var f = fold * C + col; return f < sc ? Filter(within, f) : -1; });
                break;
            case (Dataflow.WeightStationary, true):
                // Row-wise N:M prefetches the dense window (folds of R over K), not the compressed folds.
                var denseK = _k;
                n = Diagonal(t, _prefetchRowFolds, R, buffer, (fold, within, col) => { var j = fold * R + col; return j < denseK ? Ifmap(within, j) : -1; });
                break;
            case (Dataflow.WeightStationary, false):
                for (long fc = 0; fc < ColFolds; fc++)
                {
                    var used = (int)Math.Min(C, sc - fc * C);
                    for (long q = 0; q < sr; q++)
                    {
                        for (var c = 0; c < used; c++)
                        {
                            var w = _rowWise is null ? Filter(q, fc * C + c) : CompressedFilter(q, fc * C + c);
                            if (w >= 0) buffer[n++] = w;
                        }
                    }
                }
                break;
            case (_, true):
                for (long fc = 0; fc < ColFolds; fc++)
                {
                    var used = (int)Math.Min(C, sc - fc * C);
                    for (long k = 0; k < sr; k++)
                    {
                        for (var c = 0; c < used; c++)
                        {
                            var a = Ifmap(fc * C + c, k);
                            if (a >= 0) buffer[n++] = a;
                        }
                    }
                }
                break;
            default:
                n = Diagonal(t, RowFolds, R, buffer, (fold, within, col) => { var j = fold * R + col; return j < sr ? Filter(j, within) : -1; });
                break;
        }
        Array.Resize(ref buffer, n);
        return buffer;
    }

    /// <summary>
    /// Writes the valid entries of a (folds x t) x cols matrix read along anti-diagonals, each from its bottom-left
    /// end; <paramref name="at"/> gets (fold, row within the fold, column). Returns how many were written.
    /// </summary>
    private static int Diagonal(long t, long folds, int cols, int[] into, Func<long, long, int, int> at)
    {
        var n = 0;
        var rows = t * folds;
        for (long d = 0; d < rows + cols - 1; d++)
        {
            var maxRow = Math.Min(d, rows - 1);
            var minRow = Math.Max(0, d - cols + 1);
            var fold = maxRow / t;
            var within = maxRow - fold * t;
            for (var row = maxRow; row >= minRow; row--)
            {
                var v = at(fold, within, (int)(d - row));
                if (v >= 0) into[n++] = v;
                if (--within < 0)
                {
                    within = t - 1;
                    fold--;
                }
            }
        }
        return n;
    }
}
