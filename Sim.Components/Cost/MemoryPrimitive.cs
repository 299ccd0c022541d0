namespace Sim.Components.Cost;

/// <summary>On-chip RAM primitive a buffer is built from.</summary>
public enum MemoryPrimitive
{
    BlockRam,
    UltraRam,
}
