using System.Globalization;

namespace Sim.Components.ScaleSim;

/// <summary>
/// SCALE-Sim v3's row-wise N:M sparsity (<c>[sparsity] OptimizedMapping: true</c>, README_Sparsity.md of
/// scale-sim-v3), weight stationary only, modelled from its documented behaviour and checked against its reports.
/// With block size B (<c>BlockSize</c>, the M) and h = floor(B / 2):
/// <list type="bullet">
/// <item>Each filter (a column of the K x filters weight matrix) gets its own N, drawn in filter order from NumPy's
/// legacy generator seeded with <c>RandomNumberGeneratorSeed</c> (reseeded for every layer) as randint(1, h + 1),
/// so 1 &lt;= N &lt;= B / 2. Along K, every block of B positions keeps its first N.</item>
/// <item>The filter is stored compressed: each pair of blocks (2B positions, K padded with zeros to a multiple of 2B)
/// becomes 2h slots, h per block, holding that block's kept weights first; the compressed matrix has
/// K' = ceil(K / 2B) B rows (slots past 2h per pair, with odd B, and unused slots are empty). Kept weights keep
/// their dense addresses.</item>
/// <item>The array maps K' compressed rows per R rows (row folds of R over K', column folds of C over filters);
/// in a row fold the IFMAP side streams 2R dense window positions to the rows, as blocks of B positions each
/// repeated h times across the row inputs, so every demand row carries (ceil(2R / B) h) B words, empty ones
/// included, and SCALE-Sim counts all of them as IFMAP SRAM reads.</item>
/// </list>
/// The layer's own Sparsity column only sets the Blocked ELLPACK metadata width (ceil(log2 M) bits per stored slot).
/// SCALE-Sim v3 cannot run the other cases: OS and IS assert ("Dimension mismatch between operands") and a block size
/// that does not divide 2R makes its skew ragged (NumPy ValueError); see <see cref="Unsupported"/>.
/// </summary>
public sealed class ScaleSimRowWiseSparsity
{
    private readonly int[] _n;

    private ScaleSimRowWiseSparsity(long k, int blockSize, int[] n)
    {
        K = k;
        BlockSize = blockSize;
        _n = n;
        Half = blockSize / 2;
        CompressedRows = checked((k + 2L * blockSize - 1) / (2L * blockSize) * blockSize);
    }

    /// <summary>The draws for a layer of window <paramref name="k"/> and <paramref name="filters"/> filters.</summary>
    public static ScaleSimRowWiseSparsity For(long k, long filters, int blockSize, uint seed)
    {
        if (blockSize < 2) throw new ArgumentOutOfRangeException(nameof(blockSize), $"row-wise block size must be at least 2 (got {blockSize})");
        var rng = new NumPyLegacyRandom(seed);
        var n = new int[filters];
        for (var i = 0; i < filters; i++) n[i] = (int)rng.RandInt(1, blockSize / 2 + 1);
        return new ScaleSimRowWiseSparsity(k, blockSize, n);
    }

    /// <summary>Why SCALE-Sim v3 cannot run row-wise sparsity on this array and dataflow, or null when it can.</summary>
    public static string? Unsupported(ScaleSimConfig config)
    {
        if (config.Dataflow != Sim.Components.Operations.Dataflow.WeightStationary)
        {
            return "SCALE-Sim v3 supports it for weight stationary only (with os/is it stops on its assertion 'Dimension mismatch between operands')";
        }
        if (2 * config.ArrayHeight % config.SparsityBlockSize != 0)
        {
            return $"SCALE-Sim v3 stops with a NumPy ValueError (inhomogeneous shape in skew_matrix_row_sparsity) when BlockSize ({config.SparsityBlockSize}) does not divide twice ArrayHeight ({2 * config.ArrayHeight})";
        }
        return null;
    }

    public long K { get; }
    public int BlockSize { get; }

    /// <summary>Kept weights per block of the filters' first h slots: floor(B / 2).</summary>
    public int Half { get; }

    /// <summary>Rows of the compressed filter matrix: ceil(K / 2B) B.</summary>
    public long CompressedRows { get; }

    /// <summary>N of filter <paramref name="filter"/>.</summary>
    public int N(long filter) => _n[filter];

    /// <summary>The drawn N of every filter, in order.</summary>
    public IReadOnlyList<int> Ns => _n;

    /// <summary>
    /// The dense window position held by compressed row <paramref name="row"/> of filter <paramref name="filter"/>,
    /// or -1 when that slot is empty.
    /// </summary>
    public long Position(long row, long filter)
    {
        var pair = 2 * Half;
        var group = row / pair;
        if (group >= CompressedRows / BlockSize) return -1;
        var within = row - group * pair;
        var block = 2 * group + within / Half;
        var slot = within % Half;
        var start = block * BlockSize;
        var kept = Math.Clamp(K - start, 0, _n[filter]);
        return slot < kept ? start + slot : -1;
    }

    /// <summary>Nonzero weights of one filter: floor(K / B) N + min(K mod B, N).</summary>
    public long Kept(long filter) => K / BlockSize * _n[filter] + Math.Min(K % BlockSize, _n[filter]);

    /// <summary>Nonzero weights of the layer (every one of them has a slot: N &lt;= B / 2).</summary>
    public long Nonzeros
    {
        get
        {
            long s = 0;
            for (var f = 0; f < _n.Length; f++) s += Kept(f);
            return s;
        }
    }

    /// <summary>
    /// SPARSE_REPORT.csv's storage fields, formatted as SCALE-Sim v3 prints them: the dense filter (K x filters);
    /// Blocked ELLPACK stores every compressed slot (K' x filters) with ceil(log2 M) bits of metadata each, M from
    /// the layer's Sparsity column; CSR / CSC store the nonzeros with their column / row ids plus K + 1 / filters + 1
    /// pointers.
    /// </summary>
    public (string Original, string New, string Metadata, double MetadataWords) Storage(string representation, int layerM)
    {
        var filters = (long)_n.Length;
        var original = (K * filters).ToString(CultureInfo.InvariantCulture);
        var nnz = Nonzeros;
        switch (representation)
        {
            case "csr":
            {
                var meta = nnz + K + 1;
                return (original, (2 * nnz + K + 1).ToString(CultureInfo.InvariantCulture), meta.ToString(CultureInfo.InvariantCulture), meta);
            }
            case "csc":
            {
                var meta = nnz + filters + 1;
                return (original, (2 * nnz + filters + 1).ToString(CultureInfo.InvariantCulture), meta.ToString(CultureInfo.InvariantCulture), meta);
            }
            default:
            {
                var slots = CompressedRows * filters;
                var bits = layerM <= 1 ? 0 : (int)Math.Ceiling(Math.Log2(layerM));
                var meta = slots * (double)bits / 32;
                return (original, ScaleSimReportWriter.Py(slots + meta), ScaleSimReportWriter.Py(meta), meta);
            }
        }
    }
}
