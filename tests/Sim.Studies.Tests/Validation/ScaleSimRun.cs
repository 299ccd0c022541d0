using Sim.Components.ScaleSim;
using Sim.Studies.Validation;

namespace Sim.Studies.Tests.Validation;

/// <summary>
/// What <c>satsim topo --config CFG --topology CSV --out DIR</c> does under SCALE-Sim's semantics, through the
/// library: SCALE-Sim's reports written into the folder, and the compatibility warnings the command would log.
/// </summary>
internal static class ScaleSimRun
{
    public static IReadOnlyList<string> Topo(string cfgPath, string topologyPath, string outDir)
    {
        var cfg = ScaleSimConfigReader.Read(cfgPath);
        var layers = TopologyReader.Read(topologyPath);
        var warnings = ScaleSimCompatibility.Warnings(cfg, layers, satsimSemantics: false);
        Directory.CreateDirectory(outDir);
        TopologyRun.WriteReports(outDir, TopologyRun.Evaluate(cfg, layers, satsim: false));
        return warnings;
    }
}
