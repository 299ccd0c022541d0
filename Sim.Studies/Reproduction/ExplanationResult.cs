using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Studies.Reproduction;

/// <summary>
/// The sweeps that explain three of the reproduction's results from the bottleneck attribution: what
/// pre-generation buys as the sparse-generation engine gets fewer lanes; BDWP at the sparser pattern against the
/// headline one as the input buffer's read bandwidth grows; and the large array's BDWP speedup as DRAM channels and
/// input-buffer bandwidth grow.
/// </summary>
public sealed record ExplanationResult(
    Sim.Components.Config.HardwareConfig Hardware,
    string Model,
    IReadOnlyList<PregenPoint> Pregen,
    NmPattern Sparser,
    IReadOnlyList<BandwidthPoint> Bandwidth,
    string ArrayModel,
    RunOutcome SmallArrayDense,
    RunOutcome SmallArrayBdwp,
    IReadOnlyList<WideArrayPoint> WideArray);

/// <summary>BDWP at the headline pattern with pre-generation on and off, for one number of generation lanes.</summary>
public sealed record PregenPoint(int Lanes, RunOutcome On, RunOutcome Off);

/// <summary>Dense, headline and sparser BDWP at one input-buffer bank count.</summary>
public sealed record BandwidthPoint(int Banks, long ReadBytesPerCycle, RunOutcome Dense, RunOutcome Headline, RunOutcome Sparser);

/// <summary>Dense and BDWP on the large array at a number of DRAM channels and input-buffer banks.</summary>
public sealed record WideArrayPoint(int Channels, int Banks, RunOutcome Dense, RunOutcome Bdwp);
