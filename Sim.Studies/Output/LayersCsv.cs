using Sim.Vocabulary.IO;
using System.Globalization;
using Sim.Studies.Reports;

namespace Sim.Studies.Output;

/// <summary>
/// <c>layers.csv</c>: one row per method, layer and stage of one full-batch iteration (cycles, stalls,
/// utilization, DRAM bytes, energy, what bounds it and the cycles each resource would need alone), for
/// spreadsheets and pandas. Invariant culture, LF line ends.
/// </summary>
public static class LayersCsv
{
    public const string Header = "method,layer,stage,operations,span_cycles,compute_cycles,queue_wait_cycles,vector_cycles,sparse_gen_cycles,compute_utilization,mapping_efficiency,dense_macs,effective_macs,dram_bytes_read,dram_bytes_written,dynamic_energy_j,"
        + "bound,compute_alone_cycles,input_bandwidth_alone_cycles,weight_bandwidth_alone_cycles,index_bandwidth_alone_cycles,"
        + "dram_alone_cycles,vector_alone_cycles,sparse_gen_alone_cycles,active_cycles,dependence_cycles,critical_cycles";

    public static void Write(TextWriter w, IEnumerable<LayerRow> rows)
    {
        w.Write(Header);
        w.Write('\n');
        foreach (var r in rows)
        {
            w.Write(string.Join(',',
                Field(r.Method), Field(r.Layer), r.Stage,
                I(r.Operations), I(r.SpanCycles), I(r.ComputeCycles), I(r.QueueWaitCycles), I(r.VectorCycles), I(r.SparseGenCycles),
                D(r.ComputeUtilization), D(r.MappingEfficiency), I(r.DenseMacs), I(r.EffectiveMacs),
                I(r.DramBytesRead), I(r.DramBytesWritten), D(r.DynamicEnergyJ),
                r.Bound, I(r.Alone.Compute), I(r.Alone.InputBandwidth), I(r.Alone.WeightBandwidth), I(r.Alone.IndexBandwidth),
                I(r.Alone.Dram), I(r.Alone.Vector), I(r.Alone.SparseGen), I(r.ActiveCycles), I(r.DependenceCycles), I(r.CriticalCycles)));
            w.Write('\n');
        }
    }

    public static void Save(string path, IEnumerable<LayerRow> rows) => AtomicFile.WriteText(path, w => Write(w, rows));

    /// <summary>Quotes a field when it contains a comma, quote or line break (RFC 4180).</summary>
    public static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
