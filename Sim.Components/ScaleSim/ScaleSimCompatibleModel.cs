using Sim.Components.PeArray;

namespace Sim.Components.ScaleSim;

/// <summary>
/// SCALE-Sim v2's results for one layer, reproduced from its documented and observed behaviour: the array's demand
/// rows (<see cref="ScaleSimDemand"/>, one per cycle, folds back to back, column folds outer) are served by two
/// double-buffered read SRAMs and one write SRAM in front of DRAM, row by row; a row that waits for a prefetch
/// (USER bandwidth) or for an OFMAP drain delays every later row (Stall Cycles). CALC mode never stalls on reads
/// (<see cref="ScaleSimEstimateReadBuffer"/>, DRAM drains at ArrayWidth words/cycle); USER mode prefetches at the
/// configured words/cycle (<see cref="ScaleSimUserReadBuffer"/>). Total cycles is the cycle the last OFMAP row is
/// written (SCALE-Sim reports that index, not a count); overall utilization MACs / (total x R x C); mapping and
/// compute utilization averaged over folds; SRAM counts, first and last access cycles from the served rows; DRAM
/// counts and windows from the buffers' traces.
/// </summary>
public static class ScaleSimCompatibleModel
{
    /// <summary>
    /// Most demand rows (cycles without stalls) a layer may have: minutes at SatSim's speed here, and about
    /// twelve days for SCALE-Sim itself (about 1 ms per row).
    /// </summary>
    public const long MaxRows = 1L << 30;

    /// <summary>Demand rows (cycles without stalls) SCALE-Sim simulates for the layer: what this model's run time scales with.</summary>
    public static long DemandRows(TopologyLayer layer, ScaleSimConfig config)
        => ScaleSimDemand.RowCount(layer, config.ArrayHeight, config.ArrayWidth, config.Dataflow);

    /// <summary>
    /// Refuses what SCALE-Sim's semantics cannot run, before any layer: in USER mode, Bandwidth must be a whole
    /// number of words per cycle from 1 to 2^31-1 (SCALE-Sim reads an integer).
    /// </summary>
    public static void Check(ScaleSimConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var bw = config.BandwidthWordsPerCycle;
        if (config.UserBandwidth && (bw != Math.Floor(bw) || bw < 1 || bw > int.MaxValue))
        {
            throw new ScaleSimFormatException(config.SourceFile, config.BandwidthLine, "Bandwidth",
                $"SCALE-Sim reads a whole number of words per cycle from 1 to {int.MaxValue}, got {bw.ToString(System.Globalization.CultureInfo.InvariantCulture)} (only --satsim accepts fractions)");
        }
    }

    public static ScaleSimLayerResult Evaluate(int layerId, TopologyLayer layer, ScaleSimConfig config)
    {
        try
        {
            return EvaluateChecked(layerId, layer, config);
        }
        catch (OverflowException)
        {
            throw new OverflowException($"layer '{Sim.Vocabulary.IO.TextExcerpt.Escape(layer.Name)}': its cycle or access counts exceed 2^63 on a {config.ArrayHeight}x{config.ArrayWidth} array; split the layer");
        }
    }

    private static ScaleSimLayerResult EvaluateChecked(int layerId, TopologyLayer layer, ScaleSimConfig config)
    {
        int r = config.ArrayHeight, c = config.ArrayWidth;
        var rows = ScaleSimDemand.RowCount(layer, r, c, config.Dataflow);
        if (rows > MaxRows || layer.IfmapWords > ScaleSimDemand.MaxFootprint || layer.K * layer.N > ScaleSimDemand.MaxFootprint)
        {
            throw new InvalidOperationException(
                $"layer '{Sim.Vocabulary.IO.TextExcerpt.Escape(layer.Name)}': {(rows > MaxRows ? $"{rows:N0} demand rows (cycles) on a {r}x{c} array, more than the {MaxRows:N0}" : $"operands of {layer.IfmapWords:N0} and {layer.K * layer.N:N0} words, more than the {ScaleSimDemand.MaxFootprint:N0}")} SCALE-Sim compatibility mode simulates; split the layer or use --satsim");
        }
        // SCALE-Sim v3 layer-wise N:M: a dense GEMM over the kept window positions (ScaleSimSparsity).
        var kept = config.LayerWiseSparsity && layer.SparsityN < layer.SparsityM ? ScaleSimSparsity.KeptWindow(layer.K, layer.SparsityN, layer.SparsityM) : null;
        // SCALE-Sim v3 row-wise N:M: the compressed filter folded over the array (ScaleSimRowWiseSparsity).
        var rowWise = RowWiseApplies(config) ? ScaleSimRowWiseSparsity.For(layer.K, layer.N, config.SparsityBlockSize, config.SparsitySeed) : null;
        var t = SystolicTiming.For(r, c, config.Dataflow, layer.M, layer.N, rowWise?.CompressedRows ?? kept?.Length ?? layer.K);
        var (ifmapReads, filterReads, ofmapWrites) = t.ScaleSimSramAccesses;
        var demand = new ScaleSimDemand(layer, r, c, config.Dataflow, kept, rowWise);
        var mappingEfficiency = t.MappingEfficiency;
        if (rowWise is not null)
        {
            // Every demand word of the skewed IFMAP rows counts, empty ones too; only filled filter slots map to PEs.
            ifmapReads = demand.RowWiseIfmapReads;
            mappingEfficiency = (double)rowWise.Nonzeros / ((double)demand.Folds * r * c);
        }
        long ifmapWords = config.IfmapSramKb * 1024, filterWords = config.FilterSramKb * 1024, ofmapWords = config.OfmapSramKb * 1024;
        IScaleSimReadBuffer ifmapBuf, filterBuf;
        ScaleSimWriteBuffer ofmapBuf;
        if (config.UserBandwidth)
        {
            Check(config);
            var bw = (int)config.BandwidthWordsPerCycle;
            // SCALE-Sim v3 (its sparsity runs) charges read stalls differently (ScaleSimUserReadBuffer).
            var v3 = config.SparsitySupport;
            ifmapBuf = new ScaleSimUserReadBuffer(demand.PrefetchSequence(true), false, demand.IfmapFootprint, demand.PrefetchElements(true), ifmapWords, bw, v3);
            filterBuf = new ScaleSimUserReadBuffer(demand.PrefetchSequence(false), true, demand.FilterFootprint, demand.PrefetchElements(false), filterWords, bw, v3);
            ofmapBuf = new ScaleSimWriteBuffer(ofmapWords, bw);
        }
        else
        {
            ifmapBuf = new ScaleSimEstimateReadBuffer(demand.IfmapFootprint, ifmapWords);
            filterBuf = new ScaleSimEstimateReadBuffer(demand.FilterFootprint, filterWords);
            ofmapBuf = new ScaleSimWriteBuffer(ofmapWords, c);
        }

        var ifmapRow = new int[demand.IfmapWidth];
        var filterRow = new int[demand.FilterWidth];
        long row = 0, stall = 0, lastOut = 0;
        var ifmapSram = new Window();
        var filterSram = new Window();
        var ofmapSram = new Window();
        for (long fc = 0; fc < demand.ColFolds; fc++)
        {
            for (long fr = 0; fr < demand.RowFolds; fr++)
            {
                for (long k = 0; k < demand.RowsPerFold; k++, row++)
                {
                    var cycle = row + stall;
                    var (ni, nf, no) = demand.Row(fr, fc, k, ifmapRow, filterRow);
                    var ifmapOut = ifmapBuf.Service(cycle, new ReadOnlySpan<int>(ifmapRow, 0, ni));
                    var filterOut = filterBuf.Service(cycle, new ReadOnlySpan<int>(filterRow, 0, nf));
                    var ofmapOut = ofmapBuf.Service(cycle, no);
                    if (ni > 0 && AnyValid(new ReadOnlySpan<int>(ifmapRow, 0, ni))) ifmapSram.See(ifmapOut);
                    if (nf > 0 && (rowWise is null || AnyValid(new ReadOnlySpan<int>(filterRow, 0, nf)))) filterSram.See(filterOut);
                    if (no > 0) ofmapSram.See(ofmapOut);
                    stall += Math.Max(Math.Max(ifmapOut - cycle - 1, filterOut - cycle - 1), ofmapOut - cycle);
                    lastOut = ofmapOut;
                }
            }
        }
        ifmapBuf.Finish();
        filterBuf.Finish();
        ofmapBuf.Finish(lastOut);

        var total = lastOut;
        return new ScaleSimLayerResult
        {
            LayerId = layerId,
            Name = layer.Name,
            TotalCycles = total,
            StallCycles = stall,
            OverallUtilPercent = layer.Macs * 100.0 / ((double)total * r * c),
            MappingEfficiencyPercent = mappingEfficiency * 100,
            ComputeUtilPercent = t.ScaleSimComputeUtilization * 100,
            SramIfmap = new(ifmapSram.First, ifmapSram.Last, ifmapReads),
            SramFilter = new(filterSram.First, filterSram.Last, filterReads),
            SramOfmap = new(ofmapSram.First, ofmapSram.Last, ofmapWrites),
            DramIfmap = new(ifmapBuf.DramStart, ifmapBuf.DramStop, ifmapBuf.DramWords),
            DramFilter = new(filterBuf.DramStart, filterBuf.DramStop, filterBuf.DramWords),
            DramOfmap = new(ofmapBuf.DramStart, ofmapBuf.DramStop, ofmapBuf.DramWords),
            ScaledIfmapSramReads = config.LayerWiseSparsity && config.Dataflow == Sim.Components.Operations.Dataflow.WeightStationary
                ? ifmapReads * ((double)layer.SparsityM / layer.SparsityN) : null,
            Sparse = config.LayerWiseSparsity ? SparseRow(layer, config) : rowWise is not null ? RowWiseSparseRow(rowWise, layer, config) : null,
        };
    }

    /// <summary>True when SCALE-Sim v3's row-wise N:M runs (otherwise the layer is simulated dense and a warning says so).</summary>
    public static bool RowWiseApplies(ScaleSimConfig config) => config.SparsitySupport && config.SparsityRowWise && ScaleSimRowWiseSparsity.Unsupported(config) is null;

    private static ScaleSimSparseRow RowWiseSparseRow(ScaleSimRowWiseSparsity rowWise, TopologyLayer layer, ScaleSimConfig config)
    {
        var (original, @new, meta, words) = rowWise.Storage(config.SparseRepresentation, layer.SparsityM);
        return new ScaleSimSparseRow(config.SparseRepresentation, original, @new, meta, words);
    }

    private static ScaleSimSparseRow SparseRow(TopologyLayer layer, ScaleSimConfig config)
    {
        var (original, @new, meta, words) = ScaleSimSparsity.Storage(config.SparseRepresentation, layer.K, layer.N, layer.SparsityN, layer.SparsityM);
        return new ScaleSimSparseRow(config.SparseRepresentation, original, @new, meta, words);
    }

    private static bool AnyValid(ReadOnlySpan<int> words)
    {
        foreach (var w in words)
        {
            if (w >= 0) return true;
        }
        return false;
    }

    /// <summary>First and last cycle a demand row with a real word was served.</summary>
    private sealed class Window
    {
        private bool _seen;
        public long First { get; private set; }
        public long Last { get; private set; }

        public void See(long cycle)
        {
            if (!_seen)
            {
                _seen = true;
                First = cycle;
            }
            Last = cycle;
        }
    }
}

