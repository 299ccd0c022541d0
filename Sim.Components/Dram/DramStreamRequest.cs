namespace Sim.Components.Dram;

/// <summary>One request of a synthetic DRAM stream: <see cref="Bytes"/> at byte <see cref="Address"/>, offered at
/// <see cref="ArrivalCycle"/> (memory clocks). Streams are what SatSim's DRAM model and DRAMsim3 are both fed.</summary>
public readonly record struct DramStreamRequest(long ArrivalCycle, long Address, bool IsWrite, long Bytes);
