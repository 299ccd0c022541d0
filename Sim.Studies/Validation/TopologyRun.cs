using Sim.Components.ScaleSim;
using Sim.Studies.Errors;
using Sim.Vocabulary.IO;

namespace Sim.Studies.Validation;

/// <summary>
/// <c>satsim topo</c>'s engine: every layer of a SCALE-Sim topology under SCALE-Sim's semantics or SatSim's own
/// (<c>satsim: true</c>), and SCALE-Sim's report files (COMPUTE, BANDWIDTH, DETAILED_ACCESS, and SPARSE for a
/// v3 sparse run) written into a folder. A malformed layer is an input error naming its file and line.
/// </summary>
public static class TopologyRun
{
    /// <summary>
    /// Refuses, before any work, a configuration the chosen semantics cannot run (a USER bandwidth SCALE-Sim cannot
    /// read, or one outside the physical DRAM range for SatSim's model), naming the cfg file, line and key.
    /// </summary>
    public static void Check(ScaleSimConfig cfg, bool satsim)
    {
        try
        {
            if (satsim)
            {
                SatSimTopologyModel.Check(cfg);
            }
            else
            {
                ScaleSimCompatibleModel.Check(cfg);
            }
        }
        catch (ScaleSimFormatException e)
        {
            throw new SatSimInputException(e.File, e.Line, 1, $"{e.Key}: {e.Problem}");
        }
    }

    public static IReadOnlyList<ScaleSimLayerResult> Evaluate(ScaleSimConfig cfg, IReadOnlyList<TopologyLayer> layers, bool satsim) =>
        Evaluate(cfg, layers, satsim, null);

    /// <summary>
    /// Evaluates the layers on all cores (each layer is independent in both models, as in SCALE-Sim, which runs them
    /// one after another), in layer order in the result. When layers fail, the first failing layer's error is thrown,
    /// so the message does not depend on scheduling.
    /// <paramref name="progress"/> advances by one per finished layer.
    /// </summary>
    public static IReadOnlyList<ScaleSimLayerResult> Evaluate(ScaleSimConfig cfg, IReadOnlyList<TopologyLayer> layers, bool satsim, Output.IProgressSink? progress)
    {
        ArgumentNullException.ThrowIfNull(layers);
        Check(cfg, satsim);
        var results = new ScaleSimLayerResult[layers.Count];
        var failures = new Exception?[layers.Count];
        Parallel.For(0, layers.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                results[i] = satsim ? SatSimTopologyModel.Evaluate(i, layers[i], cfg) : ScaleSimCompatibleModel.Evaluate(i, layers[i], cfg);
                progress?.Advance();
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        });
        if (Array.Find(failures, f => f is not null) is { } first)
        {
            if (first is ScaleSimFormatException e)
            {
                throw new SatSimInputException(e.File, e.Line, 1, $"{e.Key}: {e.Problem}");
            }
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
        return results;
    }

    /// <summary>Writes SCALE-Sim's reports of <paramref name="results"/> into <paramref name="dir"/>, each atomically.</summary>
    public static void WriteReports(string dir, IReadOnlyList<ScaleSimLayerResult> results)
    {
        AtomicFile.WriteText(Path.Combine(dir, "COMPUTE_REPORT.csv"), w => ScaleSimReportWriter.WriteCompute(w, results));
        AtomicFile.WriteText(Path.Combine(dir, "BANDWIDTH_REPORT.csv"), w => ScaleSimReportWriter.WriteBandwidth(w, results));
        AtomicFile.WriteText(Path.Combine(dir, "DETAILED_ACCESS_REPORT.csv"), w => ScaleSimReportWriter.WriteDetail(w, results));
        if (ScaleSimReportWriter.IsV3Sparse(results))
        {
            AtomicFile.WriteText(Path.Combine(dir, "SPARSE_REPORT.csv"), w => ScaleSimReportWriter.WriteSparse(w, results));
        }
    }
}
