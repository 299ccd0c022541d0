using Sim.Components.Config;
using Sim.Components.Reports;
using Sim.Vocabulary;

namespace Sim.Studies.Composition;

/// <summary>
/// A replaceable cost model: the FPGA resources and power of a design that names a device, given one
/// simulated iteration. Sweeps use it for their cost columns and energy; the built-in one is
/// <see cref="FpgaCostModel"/> (resource and power models of <c>Sim.Components/Cost</c>, docs/cost.md).
/// </summary>
public interface IHardwareCostModel
{
    /// <summary>Null when <paramref name="hardware"/> names no device (the flat energy table then prices the run).</summary>
    DesignCost? Estimate(HardwareConfig hardware, SimulationReport run, NmPattern sparsity);
}
