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
        if (config.SparsitySupport || sparseLayers > 0)
        {
            list.Add($"SCALE-Sim v3 N:M sparsity ({(config.SparsitySupport ? "[sparsity] SparsitySupport = true" : "SparsitySupport off")}, {sparseLayers} layer(s) with an N:M below 1:1) is not reproduced: every layer is simulated dense, as SCALE-Sim v2 does");
        }
        if (satsimSemantics)
        {
            list.Add("--satsim: SatSim's own model (tiling to the SRAMs, fold overlap, DRAM model); the reports are not expected to equal SCALE-Sim's");
        }
        return list;
    }
}
