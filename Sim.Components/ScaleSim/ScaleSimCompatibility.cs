namespace Sim.Components.ScaleSim;

/// <summary>
/// The parts of a SCALE-Sim input that <c>satsim topo</c> does not reproduce, as one-line warnings, so a difference
/// from SCALE-Sim is never silent.
/// </summary>
public static class ScaleSimCompatibility
{
    public static IReadOnlyList<string> Warnings(ScaleSimConfig config, IReadOnlyList<TopologyLayer> layers, bool satsimSemantics)
    {
        var list = new List<string>();
        var sparseLayers = layers.Count(l => l.SparsityN < l.SparsityM);
        if (config.SparsityRowWise && !satsimSemantics && ScaleSimRowWiseSparsity.Unsupported(config) is { } why)
        {
            list.Add($"SCALE-Sim v3 row-wise N:M sparsity ([sparsity] OptimizedMapping = true) is not reproduced for this configuration: {why}; every layer is simulated dense and no SPARSE_REPORT.csv is written");
        }
        else if (config.SparsitySupport && satsimSemantics)
        {
            list.Add("--satsim with SCALE-Sim v3 sparsity: SatSim's own model runs every layer dense; only SCALE-Sim semantics (without --satsim) reproduce v3's layer-wise and row-wise N:M");
        }
        else if (!config.SparsitySupport && sparseLayers > 0)
        {
            list.Add($"{sparseLayers} layer(s) have an N:M Sparsity below 1:1 but [sparsity] SparsitySupport is not true: like SCALE-Sim v3 they run dense (the reports use SCALE-Sim v2's layout, without v3's 'Total Cycles (incl. prefetch)' column)");
        }
        if (!satsimSemantics && config.SparsityRowWise && ScaleSimCompatibleModel.RowWiseApplies(config) && config.FilterOffset == 0)
        {
            list.Add("FilterOffset = 0 with SCALE-Sim v3 row-wise N:M is not reproduced: v3's compression takes filter word 0 for a pruned weight and drops it; satsim topo keeps it (use a non-zero FilterOffset, v3's default is 10000000)");
        }
        if (!satsimSemantics && config.SparsitySupport && config.UserBandwidth
            && ((config.IfmapBankBandwidth is { } ib && ib != config.BandwidthWordsPerCycle) || (config.FilterBankBandwidth is { } fb && fb != config.BandwidthWordsPerCycle)))
        {
            list.Add($"[layout] IfmapSRAMBankBandwidth / FilterSRAMBankBandwidth ({config.IfmapBankBandwidth?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} / {config.FilterBankBandwidth?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}) differ from Bandwidth ({config.BandwidthWordsPerCycle.ToString(System.Globalization.CultureInfo.InvariantCulture)}): SCALE-Sim v3 fetches IFMAP and filter words at them in USER mode, satsim topo uses Bandwidth for all three; not reproduced");
        }
        if (config.CustomLayout)
        {
            list.Add("[layout] IfmapCustomLayout / FilterCustomLayout = true (SCALE-Sim v3's custom SRAM layouts and bank conflicts) is not reproduced: the default layout is simulated");
        }
        if (config.RamulatorTrace)
        {
            list.Add("[run_presets] UseRamulatorTrace = True (SCALE-Sim v3's DRAM latencies replayed from Ramulator trace files) is not reproduced: satsim topo uses SCALE-Sim's fixed-latency DRAM interface");
        }
        if (satsimSemantics)
        {
            list.Add("--satsim: SatSim's own model (tiling to the SRAMs, fold overlap, DRAM model); the reports are not expected to equal SCALE-Sim's");
        }
        return list;
    }
}
