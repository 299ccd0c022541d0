namespace Sim.Components.PeArray;

/// <summary>
/// What one GEMM tile costs on the array: <see cref="Cycles"/> as simulated (streaming slowed by the slowest operand
/// buffer), <see cref="BaseCycles"/> at full operand bandwidth, and the cycles each operand buffer needs to deliver
/// the tile's streamed bytes at its read bandwidth (0 when bandwidth limits are off). The latter four are the tile's
/// alone cycles of compute, input, weight and index bandwidth (<see cref="Reports.ResourceCycles"/>).
/// </summary>
internal readonly record struct TileCost(long Cycles, SystolicTiming Timing, long BaseCycles, double InputCycles, double WeightCycles, double IndexCycles);
