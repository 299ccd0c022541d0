namespace Sim.Studies.Reports;

/// <summary>
/// One test-accuracy evaluation of a training run, placed on the simulated hardware's clock: after
/// <see cref="Iteration"/> iterations the accelerator would have spent <see cref="SimulatedSeconds"/>.
/// The series of these is the "time to accuracy" curve of <c>accuracy.svg</c>.
/// </summary>
public sealed record AccuracyPoint(long Iteration, double SimulatedSeconds, double Accuracy, double Loss);

/// <summary>A method's accuracy curve (for plotting several methods side by side).</summary>
public sealed record AccuracySeries(string Method, IReadOnlyList<AccuracyPoint> Points);
