using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Studies.Reports;

/// <summary>
/// What <c>roofline.png</c> is drawn from, kept in <c>report.json</c> so <c>satsim plot</c> can redraw it: the
/// configured hardware's roofs and one point per method, layer and stage that executed GEMMs. A point's operational
/// intensity is effective operations (two per MAC on kept weights) per DRAM byte; its attained throughput is those
/// operations over its active cycles. Roofs: the array's peak (2 R C f), DRAM (peak bytes/s x intensity) and the
/// operand buffers' read bandwidth, each a ceiling on the array's throughput for a pattern: peak x min(1,
/// bandwidth / demand), demand per streamed cycle R x operand bytes x M/N (input), C x operand bytes (weight),
/// C x index bits / 8 (index).
/// </summary>
public sealed record RooflineData
{
    public double PeakOpsPerSecond { get; init; }
    public double DramBytesPerSecond { get; init; }
    public IReadOnlyList<RooflineRoof> BufferRoofs { get; init; } = [];
    public IReadOnlyList<RooflinePoint> Points { get; init; } = [];

    /// <summary>Roofs of <paramref name="hw"/> for the patterns run and a point per GEMM row of <paramref name="rows"/>.</summary>
    public static RooflineData From(HardwareConfig hw, IEnumerable<LayerRow> rows, IEnumerable<NmPattern> patterns)
    {
        var hz = hw.ClockMHz * 1e6;
        var peak = 2.0 * hw.ArrayRows * hw.ArrayCols * hz;
        var roofs = new List<RooflineRoof>();
        double Ceiling(double bytesPerCycle, double demand) => peak * Math.Min(1.0, bytesPerCycle / demand);
        foreach (var p in patterns.Append(NmPattern.Dense).Distinct().OrderBy(p => p.IsDense ? 0 : 1).ThenBy(p => p.Density))
        {
            var group = p.IsDense ? 1.0 : (double)p.M / p.N;
            roofs.Add(new RooflineRoof($"input buffer, {p}", Ceiling(hw.Buffers.Input.ReadBytesPerCycle, hw.ArrayRows * hw.OperandBytes * group)));
            if (!p.IsDense)
            {
                roofs.Add(new RooflineRoof($"index buffer, {p}", Ceiling(hw.Buffers.Index.ReadBytesPerCycle, hw.ArrayCols * p.IndexBits / 8.0)));
            }
        }
        roofs.Add(new RooflineRoof("weight buffer", Ceiling(hw.Buffers.Weight.ReadBytesPerCycle, hw.ArrayCols * hw.OperandBytes)));
        var points = rows.Where(r => r.EffectiveMacs > 0 && r.ActiveCycles > 0)
            .Select(r => new RooflinePoint(r.Method, r.Layer, r.Stage, r.EffectiveMacs < r.DenseMacs, 2.0 * r.EffectiveMacs,
                r.DramBytesRead + r.DramBytesWritten, r.ActiveCycles / hz, r.Bound))
            .ToList();
        return new RooflineData
        {
            PeakOpsPerSecond = peak,
            DramBytesPerSecond = hw.Dram.BytesPerCycle(hw.ClockMHz) * hz,
            BufferRoofs = roofs,
            Points = points,
        };
    }
}

/// <summary>A horizontal roof: the array throughput one buffer's read bandwidth allows (ops/s).</summary>
public sealed record RooflineRoof(string Name, double OpsPerSecond);

/// <summary>One method, layer and stage: effective operations, DRAM bytes, active seconds, and its bound.</summary>
public sealed record RooflinePoint(string Method, string Layer, string Stage, bool Sparse, double Ops, long DramBytes, double Seconds, string Bound)
{
    /// <summary>Effective operations per DRAM byte (infinite without DRAM traffic).</summary>
    public double Intensity => DramBytes == 0 ? double.PositiveInfinity : Ops / DramBytes;

    public double OpsPerSecond => Seconds == 0 ? 0 : Ops / Seconds;
}
