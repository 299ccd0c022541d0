using Sim.Components.Operations;
using Sim.Components.PeArray;

namespace Sim.Components.ScaleSim;

/// <summary>
/// SCALE-Sim v2's results for one layer under its own assumptions (folds run back to back, column folds outer and row
/// folds inner, an unstalled memory): total cycles folds x per-fold - 1 (<see cref="SystolicTiming"/>), overall
/// utilization MACs / (total x R x C), mapping and compute utilization averaged over folds, SRAM read/write counts
/// and the first and last cycle each operand's SRAM is accessed, from where the skewed demand places them.
/// DRAM columns are SatSim's estimate: every distinct operand word moved once over the layer.
/// </summary>
public static class ScaleSimCompatibleModel
{
    public static ScaleSimLayerResult Evaluate(int layerId, TopologyLayer layer, ScaleSimConfig config)
    {
        try
        {
            return EvaluateChecked(layerId, layer, config);
        }
        catch (OverflowException)
        {
            throw new OverflowException($"layer '{Sim.Core.IO.TextExcerpt.Escape(layer.Name)}': its cycle or access counts exceed 2^63 on a {config.ArrayHeight}x{config.ArrayWidth} array; split the layer");
        }
    }

    private static ScaleSimLayerResult EvaluateChecked(int layerId, TopologyLayer layer, ScaleSimConfig config)
    {
        checked
        {
            int r = config.ArrayHeight, c = config.ArrayWidth;
            var t = SystolicTiming.For(r, c, config.Dataflow, layer.M, layer.N, layer.K);
            var total = t.ScaleSimTotalCycles;
            var (ifmapReads, filterReads, ofmapWrites) = t.ScaleSimSramAccesses;
            var map = t.Mapping;
            var perFold = t.PerFoldCycles;
            var lastFoldStart = (t.Folds - 1) * perFold;
            var usedRowsLast = map.Sr - (t.RowFolds - 1) * r;
            var usedColsLast = map.Sc - (t.ColFolds - 1) * c;
            var rowDeltaFirst = r - Math.Min(r, map.Sr);
            var T = map.T;

            // Where the first and last real requests sit in the demand matrices (cycle = fold start + row of the demand).
            AccessWindow ifmapSram, filterSram, ofmapSram;
            switch (config.Dataflow)
            {
                case Dataflow.OutputStationary:
                    ifmapSram = new(0, lastFoldStart + T - 1 + usedRowsLast - 1, ifmapReads);
                    filterSram = new(0, lastFoldStart + T - 1 + usedColsLast - 1, filterReads);
                    ofmapSram = new(T - 1 + rowDeltaFirst, lastFoldStart + T - 1 + r - 1 + usedColsLast - 1, ofmapWrites);
                    break;
                case Dataflow.WeightStationary:
                    ifmapSram = new(r, lastFoldStart + r + T - 1 + usedRowsLast - 1, ifmapReads);
                    filterSram = new(rowDeltaFirst, lastFoldStart + r - 1, filterReads);
                    ofmapSram = new(2L * r - 1, lastFoldStart + 2L * r - 1 + T - 1 + usedColsLast - 1, ofmapWrites);
                    break;
                default:
                    ifmapSram = new(rowDeltaFirst, lastFoldStart + r - 1, ifmapReads);
                    filterSram = new(r, lastFoldStart + r + T - 1 + usedRowsLast - 1, filterReads);
                    ofmapSram = new(2L * r - 1, lastFoldStart + 2L * r - 1 + T - 1 + usedColsLast - 1, ofmapWrites);
                    break;
            }
            var last = Math.Max(0, total);
            return new ScaleSimLayerResult
            {
                LayerId = layerId,
                Name = layer.Name,
                TotalCycles = total,
                StallCycles = 0,
                OverallUtilPercent = layer.Macs * 100.0 / ((double)total * r * c),
                MappingEfficiencyPercent = t.MappingEfficiency * 100,
                ComputeUtilPercent = t.ScaleSimComputeUtilization * 100,
                SramIfmap = ifmapSram,
                SramFilter = filterSram,
                SramOfmap = ofmapSram,
                DramIfmap = new(0, last, layer.IfmapWords),
                DramFilter = new(0, last, layer.K * layer.N),
                DramOfmap = new(0, last, layer.M * layer.N),
            };
        }
    }
}
