using System.Globalization;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Onnx;
using Sim.Workloads.Lowering;
using Spectre.Console;

namespace Sim.Cli.Commands;

/// <summary>
/// The per-layer view <c>satsim workload --model FILE.onnx</c> prints: each imported layer with the ONNX operator(s)
/// it came from, its output shape, trainable parameters, the dense MACs of its FP, BP and WG work in one iteration,
/// and whether N:M applies to its FP and BP GEMMs (computed from the lowering itself).
/// </summary>
internal sealed record ImportedLayerRows(string Layer, string Kind, string Operators, string Output, long Parameters, long FpMacs, long BpMacs, long WgMacs, bool FpSparse, bool BpSparse)
{
    public static IReadOnlyList<ImportedLayerRows> Of(ImportedModel imported, LoweringOptions options)
    {
        var model = imported.Graph;
        var ops = IterationLowering.Lower(model, options).ToLookup(o => o.Layer, StringComparer.Ordinal);
        return model.Layers.Select(l =>
        {
            var mine = ops[l.Name].ToList();
            long Macs(Stage st) => mine.Where(o => o.Stage == st).Sum(o => o.DenseMacs);
            bool Sparse(Stage st) => mine.Any(o => o.Stage == st && o.IsSparse);
            return new ImportedLayerRows(l.Name, l.Kind, imported.Operators.GetValueOrDefault(l.Name, "(loss)"), model.OutputShape(l.Name).ToString(), l.ParameterCount,
                Macs(Stage.FP), Macs(Stage.BP), Macs(Stage.WG), Sparse(Stage.FP), Sparse(Stage.BP));
        }).ToList();
    }

    public Dictionary<string, object> ToJson() => new()
    {
        ["name"] = Layer,
        ["kind"] = Kind,
        ["onnx_operators"] = Operators,
        ["output_shape"] = Output,
        ["parameters"] = Parameters,
        ["fp_dense_macs"] = FpMacs,
        ["bp_dense_macs"] = BpMacs,
        ["wg_dense_macs"] = WgMacs,
        ["nm_fp"] = FpSparse,
        ["nm_bp"] = BpSparse,
    };

    public static Table Table(string model, IReadOnlyList<ImportedLayerRows> rows)
    {
        var t = new Table().Title($"{model}: imported layers");
        foreach (var c in new[] { "layer", "kind", "ONNX", "output" })
        {
            t.AddColumn(c);
        }
        foreach (var c in new[] { "parameters", "FP MACs", "BP MACs", "WG MACs" })
        {
            t.AddColumn(new TableColumn(c).RightAligned());
        }
        t.AddColumn("N:M");
        static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
        foreach (var r in rows)
        {
            var nm = (r.FpSparse, r.BpSparse) switch { (true, true) => "FP+BP", (true, false) => "FP", (false, true) => "BP", _ => "-" };
            t.AddRow(Markup.Escape(r.Layer), r.Kind, Markup.Escape(r.Operators), r.Output, N(r.Parameters), N(r.FpMacs), N(r.BpMacs), N(r.WgMacs), nm);
        }
        return t;
    }
}
