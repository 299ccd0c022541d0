using Sim.Vocabulary.IO;
using System.Globalization;
using System.Text;
using Sim.Workloads.Lowering;

namespace Sim.Training.Engine;

/// <summary>
/// Writes executed <see cref="LayerOp"/>s as JSON lines (one object per operation, invariant culture), so
/// the timing simulator or a diff against the workload lowering can consume exactly what the engine ran.
/// </summary>
public static class OpLogWriter
{
    public static string ToJsonLine(long iteration, LayerOp o)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(200);
        sb.Append(c, $"{{\"iteration\":{iteration},\"layer\":\"{Escape(o.Layer)}\",\"stage\":\"{o.Stage}\",\"kind\":\"{o.Kind}\",\"op\":\"{Escape(o.Op)}\"");
        switch (o.Kind)
        {
            case LayerOpKind.Gemm:
                sb.Append(c, $",\"m\":{o.M},\"n\":{o.N},\"k\":{o.K},\"count\":{o.Count},\"sparsity\":\"{o.Sparsity}\",\"sparse_operand\":\"{o.SparseOperand}\",\"along\":\"{o.SparseAlong}\",\"dense_macs\":{o.DenseMacs},\"effective_macs\":{o.EffectiveMacs}");
                break;
            case LayerOpKind.ElementWise:
                sb.Append(c, $",\"elements\":{o.Elements}");
                break;
            default:
                sb.Append(c, $",\"groups\":{o.Groups},\"sparsity\":\"{o.Sparsity}\",\"along\":\"{o.SparseAlong}\"");
                break;
        }
        sb.Append(c, $",\"bytes_in\":{o.BytesIn},\"bytes_out\":{o.BytesOut}}}");
        return sb.ToString();
    }

    /// <summary>Writes the operations to <paramref name="path"/> through a temporary file.</summary>
    public static void Write(string path, long iteration, IEnumerable<LayerOp> ops)
    {
        AtomicFile.WriteText(path, w =>
        {
            foreach (var o in ops)
            {
                w.WriteLine(ToJsonLine(iteration, o));
            }
        });
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
