using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sim.Workloads.Lowering;

namespace Sim.Studies.Cosim;

/// <summary>
/// A SHA-256 over every field of every layer operation of an iteration, in order. Two iterations with the same
/// hash execute identical operation streams, so the hardware simulation of one is valid for the other; this is
/// the only ground on which the co-simulation reuses a timing result.
/// </summary>
public static class OperationStreamHash
{
    public static string Of(IEnumerable<LayerOp> ops)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var sb = new StringBuilder(256);
        foreach (var op in ops)
        {
            sb.Clear()
                .Append(op.Layer).Append('|').Append(op.Stage).Append('|').Append(op.Kind).Append('|').Append(op.Op).Append('|')
                .Append(op.M).Append('|').Append(op.N).Append('|').Append(op.K).Append('|').Append(op.Count).Append('|')
                .Append(op.SparseOperand).Append('|').Append(op.SparseAlong).Append('|').Append(op.Sparsity.N).Append(':').Append(op.Sparsity.M).Append('|')
                .Append(op.Elements).Append('|').Append(op.Groups).Append('|').Append(op.BytesIn).Append('|').Append(op.BytesOut).Append('|')
                .Append(op.ElementBytes.ToString(CultureInfo.InvariantCulture)).Append('\n');
            hash.AppendData(Encoding.UTF8.GetBytes(sb.ToString()));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
