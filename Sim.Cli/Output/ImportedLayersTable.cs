using System.Globalization;
using Sim.Studies.Models;
using Spectre.Console;

namespace Sim.Cli.Output;

/// <summary>The console table of <c>satsim workload --model FILE.onnx</c>: one row per <see cref="ImportedLayerRows"/>.</summary>
internal static class ImportedLayersTable
{
    public static Table Of(string model, IReadOnlyList<ImportedLayerRows> rows)
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
