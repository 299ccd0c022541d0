using Sim.Components.Config.Schema;

namespace Sim.Components.Config;

/// <summary>
/// Accelergy-style energy table: energy per action, plus static power. Users replace it with their own figures.
/// Defaults are [model] values to calibrate, not SAT measurements; orders of magnitude follow Horowitz,
/// "Computing's energy problem", ISSCC 2014 (45 nm: FP16 multiply 1.1 pJ + add 0.4 pJ; 8 KiB SRAM read about
/// 10 pJ per 64 bit; DRAM 1.3-2.6 nJ per 64 bit), scaled up for FPGA fabric (DSP and LUT routing, BRAM):
/// MAC 3 pJ dense, 3.5 pJ sparse (adds the M-to-1 activation multiplexer and the index read);
/// buffers 1.5 pJ/byte; DDR4 20 pJ/bit = 160 pJ/byte including I/O; vector op 5 pJ per element;
/// one top-k comparison 1 pJ; 20 W static for a VCU1525-class board.
/// </summary>
public sealed record EnergyTable
{
    public double DenseMacPj { get; init; } = 3.0;
    public double SparseMacPj { get; init; } = 3.5;
    public double BufferReadPjPerByte { get; init; } = 1.5;
    public double BufferWritePjPerByte { get; init; } = 1.5;
    public double DramPjPerByte { get; init; } = 160;
    public double VectorPjPerElement { get; init; } = 5;
    public double SparseGenPjPerElement { get; init; } = 1;
    public double StaticPowerW { get; init; } = 20;

    /// <summary>Per-event energies up to a microjoule, static power up to 10 kW: beyond that a value is a unit mistake.</summary>
    private const double MaxPj = 1e6;

    /// <summary>The scenario keys of <c>energy</c> (inline, or the path of a file holding them), declared once.</summary>
    /// <remarks>Ranges: every energy from 0 (an action left unpriced) to 1 uJ per event, static power 0 to 10 kW (<see cref="MaxPj"/>).</remarks>
    public static BlockSchema Schema { get; } = Param.Block("energy", "energy per action and static power (inline, or the path of an energy-table file)", new EnergyTable(),
        Param.Number<EnergyTable>("dense_mac_pj", nameof(DenseMacPj), "pJ", 0, MaxPj, "[model]", "one dense multiply-accumulate", e => e.DenseMacPj, (e, v) => e with { DenseMacPj = v }),
        Param.Number<EnergyTable>("sparse_mac_pj", nameof(SparseMacPj), "pJ", 0, MaxPj, "[model]", "one N:M multiply-accumulate (with the activation multiplexer and index read)", e => e.SparseMacPj, (e, v) => e with { SparseMacPj = v }),
        Param.Number<EnergyTable>("buffer_read_pj_per_byte", nameof(BufferReadPjPerByte), "pJ/byte", 0, MaxPj, "[model]", "on-chip buffer read", e => e.BufferReadPjPerByte, (e, v) => e with { BufferReadPjPerByte = v }),
        Param.Number<EnergyTable>("buffer_write_pj_per_byte", nameof(BufferWritePjPerByte), "pJ/byte", 0, MaxPj, "[model]", "on-chip buffer write", e => e.BufferWritePjPerByte, (e, v) => e with { BufferWritePjPerByte = v }),
        Param.Number<EnergyTable>("dram_pj_per_byte", nameof(DramPjPerByte), "pJ/byte", 0, MaxPj, "[model]", "DRAM access including I/O", e => e.DramPjPerByte, (e, v) => e with { DramPjPerByte = v }),
        Param.Number<EnergyTable>("vector_pj_per_element", nameof(VectorPjPerElement), "pJ", 0, MaxPj, "[model]", "one element of a vector operation", e => e.VectorPjPerElement, (e, v) => e with { VectorPjPerElement = v }),
        Param.Number<EnergyTable>("sparse_gen_pj_per_element", nameof(SparseGenPjPerElement), "pJ", 0, MaxPj, "[model]", "one element through the top-k sorter", e => e.SparseGenPjPerElement, (e, v) => e with { SparseGenPjPerElement = v }),
        Param.Number<EnergyTable>("static_power_w", nameof(StaticPowerW), "W", 0, 10_000, "[model]", "static power of the board", e => e.StaticPowerW, (e, v) => e with { StaticPowerW = v }));
}
