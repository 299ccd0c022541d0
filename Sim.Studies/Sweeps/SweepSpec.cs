using Sim.Studies.Sweeps.Search;

namespace Sim.Studies.Sweeps;

/// <summary>The values one axis takes, in the order the sweep file lists them (canonical text form).</summary>
public sealed record AxisValues(SweepAxis Axis, IReadOnlyList<string> Values);

/// <summary>Seeded random sampling of the grid: <see cref="Samples"/> distinct points instead of all of them.</summary>
public sealed record RandomSampling(int Samples, ulong Seed);

/// <summary>
/// A validated sweep file: the axes (in <see cref="SweepAxis"/> order), optional random sampling or search,
/// and the base hardware the unswept parameters come from. <see cref="Fingerprint"/> hashes all of it (and the
/// base hardware file's bytes) so a resumed or merged sweep can prove its partial results belong to it.
/// </summary>
public sealed record SweepSpec(
    string SourcePath,
    string? HardwarePath,
    IReadOnlyList<AxisValues> Axes,
    RandomSampling? Random,
    string Fingerprint,
    SearchSettings? Search = null)
{
    public bool Has(SweepAxis axis) => Axes.Any(a => a.Axis == axis);

    public IReadOnlyList<string> ValuesOf(SweepAxis axis) => Axes.FirstOrDefault(a => a.Axis == axis)?.Values ?? [];
}
