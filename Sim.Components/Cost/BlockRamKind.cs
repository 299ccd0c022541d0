namespace Sim.Components.Cost;

/// <summary>Block RAM primitive of a device: selects the aspect ratios a buffer bank can be built from (<see cref="BufferMapping"/>).</summary>
public enum BlockRamKind
{
    /// <summary>Xilinx 36 Kb block RAM, which also splits into two 18 Kb halves (UG473, UG573).</summary>
    Bram36,

    /// <summary>Intel M20K, 20 Kb.</summary>
    M20K,
}
