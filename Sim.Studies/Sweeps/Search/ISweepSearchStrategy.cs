namespace Sim.Studies.Sweeps.Search;

/// <summary>
/// How a sweep walks its design space: proposes the points to simulate in rounds, each round seeing the
/// results of all earlier ones, so a strategy can be exhaustive (<see cref="GridSearch"/>) or adapt to what
/// it found. Strategies are registered services (<see cref="Composition.StudyServiceCollectionExtensions"/>)
/// chosen by <see cref="Name"/>. A strategy must be deterministic (the same spec and results give the same
/// proposals): that is what lets an interrupted sweep resume, since the rerun proposes the same points and
/// finds their results already stored. <see cref="SweepPoint.Index"/> numbers points across rounds (the
/// order of <c>sweep.csv</c>); a point proposed again (same <see cref="SweepPoint.Id"/>) is not re-run.
/// </summary>
public interface ISweepSearchStrategy
{
    /// <summary>The name a sweep file selects the strategy by (e.g. "grid").</summary>
    string Name { get; }

    /// <summary>The next points to simulate given every result so far (in proposal order); empty when the search is done.</summary>
    IReadOnlyList<SweepPoint> Next(SweepSpec spec, IReadOnlyList<PointResult> results);
}
