using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Onnx;
using Sim.Workloads.Lowering;

namespace Sim.Studies.Models;

/// <summary>
/// The per-layer view <c>satsim workload --model FILE.onnx</c> prints: each imported layer with the ONNX operator(s)
/// it came from, its output shape, trainable parameters, the dense MACs of its FP, BP and WG work in one iteration,
/// and whether N:M applies to its FP and BP GEMMs (computed from the lowering itself).
/// </summary>
public sealed record ImportedLayerRows(string Layer, string Kind, string Operators, string Output, long Parameters, long FpMacs, long BpMacs, long WgMacs, bool FpSparse, bool BpSparse)
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
}
