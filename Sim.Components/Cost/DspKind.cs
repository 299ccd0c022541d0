namespace Sim.Components.Cost;

/// <summary>DSP architecture of a device: selects how many DSPs, LUTs and flip-flops one PE costs (<see cref="PeCosts"/>).</summary>
public enum DspKind
{
    /// <summary>Xilinx 7 series DSP48E1: 25 x 18 multiplier, 48-bit accumulator.</summary>
    Dsp48E1,

    /// <summary>Xilinx UltraScale/UltraScale+ DSP48E2: 27 x 18 multiplier, 48-bit accumulator (UG579).</summary>
    Dsp48E2,

    /// <summary>Intel Stratix 10 variable-precision DSP block: two 18 x 19 multipliers or one hard IEEE-754 single-precision multiply-add.</summary>
    Stratix10VariablePrecision,
}
