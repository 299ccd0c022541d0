namespace Sim.Studies.Reports;

/// <summary>
/// How many distinct operation streams were simulated and how many iterations reused an earlier result
/// because their stream was identical (same hash of every executed layer operation). Stated in every report
/// so nobody mistakes reused timing for independent measurements.
/// </summary>
public sealed record SimulationReuse(long DistinctStreamsSimulated, long IterationsReused, string Note);
