namespace Sim.Components.Operations;

/// <summary>
/// Which operand stays in the systolic array's PEs while the others stream through
/// (SAT's flexible interconnect switches between OS and WS per operation; IS is kept for comparison
/// with SCALE-Sim).
/// </summary>
public enum Dataflow
{
    OutputStationary,
    WeightStationary,
    InputStationary,
}
