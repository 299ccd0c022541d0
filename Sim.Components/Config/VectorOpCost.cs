namespace Sim.Components.Config;

/// <summary>
/// Cost of one element-wise operation kind on one vector lane: cycles per element in steady state and a
/// pipeline latency paid once per operation. Kept per kind because an FP32 momentum update costs more than a ReLU.
/// </summary>
public sealed record VectorOpCost(double CyclesPerElement, int Latency);
