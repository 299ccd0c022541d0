using Sim.Components.Config;
using Sim.Components.Cost;
using Sim.Components.Reports;
using Sim.Vocabulary;

namespace Sim.Studies.Composition;

/// <summary>
/// The built-in <see cref="IHardwareCostModel"/>: the device from the built-in catalog (data/devices.csv),
/// <see cref="ResourceModel"/> for DSP/BRAM/URAM/LUT use and <see cref="PowerModel"/> for power.
/// </summary>
public sealed class FpgaCostModel : IHardwareCostModel
{
    public DesignCost? Estimate(HardwareConfig hardware, SimulationReport run, NmPattern sparsity)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(run);
        if (hardware.Device is not { } name)
        {
            return null;
        }
        var options = new DesignOptions { Sparsity = sparsity };
        var resources = ResourceModel.Estimate(hardware, DeviceCatalog.BuiltIn.Get(name), options);
        return new DesignCost(name, resources, PowerModel.Estimate(hardware, resources, run, options));
    }
}
