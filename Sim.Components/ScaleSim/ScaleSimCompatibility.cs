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
        if (config.SparsityRowWise)
        {
            list.Add($"SCALE-Sim v3 row-wise N:M sparsity ([sparsity] OptimizedMapping = true: a random N per filter column from NumPy's generator) is not reproduced: every layer is simulated dense and no SPARSE_REPORT.csv is written");
        }
        else if (config.SparsitySupport && satsimSemantics)
        {
            list.Add("--satsim with SCALE-Sim v3 sparsity: SatSim's own model runs every layer dense; only SCALE-Sim semantics (without --satsim) reproduce v3's layer-wise N:M");
        }
        else if (!config.SparsitySupport && sparseLayers > 0)
        {
            list.Add($"{sparseLayers} layer(s) have an N:M Sparsity below 1:1 but [sparsity] SparsitySupport is not true: like SCALE-Sim v3 they run dense (the reports use SCALE-Sim v2's layout, without v3's 'Total Cycles (incl. prefetch)' column)");
        }
        if (satsimSemantics)
        {
            list.Add("--satsim: SatSim's own model (tiling to the SRAMs, fold overlap, DRAM model); the reports are not expected to equal SCALE-Sim's");
        }
        return list;
    }
}
