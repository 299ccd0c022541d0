using Sim.Components.Config;
using Sim.Components.Reports;

namespace Sim.Components.Energy;

/// <summary>
/// Turns action counts into joules with an <see cref="EnergyTable"/> (Accelergy-style: energy per action plus static
/// power x time). Kept separate from the timing model so users can re-price a run with their own table.
/// </summary>
public static class EnergyModel
{
    public readonly record struct Actions(
        long DenseMacs, long SparseMacs, long BufferReadBytes, long BufferWriteBytes, long DramBytes,
        long VectorElements, long SparseGenElements, double Seconds);

    public static EnergyBreakdown Estimate(EnergyTable table, Actions a) => new()
    {
        DenseMacJ = a.DenseMacs * table.DenseMacPj * 1e-12,
        SparseMacJ = a.SparseMacs * table.SparseMacPj * 1e-12,
        BufferJ = (a.BufferReadBytes * table.BufferReadPjPerByte + a.BufferWriteBytes * table.BufferWritePjPerByte) * 1e-12,
        DramJ = a.DramBytes * table.DramPjPerByte * 1e-12,
        VectorJ = a.VectorElements * table.VectorPjPerElement * 1e-12,
        SparseGenJ = a.SparseGenElements * table.SparseGenPjPerElement * 1e-12,
        StaticJ = table.StaticPowerW * a.Seconds,
    };
}
