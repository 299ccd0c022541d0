using Sim.Components.Config;
using Sim.Components.Reports;
using Sim.Core;

namespace Sim.Components.Dram;

/// <summary>
/// What a <see cref="IDramModel"/> needs to build one run's memory: the kernel its processes run on,
/// the hardware (clock and <see cref="HardwareConfig.Dram"/>), whether memory is ideal (transfers take no
/// time, SCALE-Sim's compute-only assumption) and where a channel records its busy intervals (null when
/// the run keeps no timeline).
/// </summary>
public sealed record DramContext(Simulation Simulation, HardwareConfig Config, bool Ideal, Func<string, TimelineRecorder?> Timeline);
