using System.Collections.Concurrent;
using Sim.Studies.Output;
using Sim.Studies.Timing;
using Sim.Components.Config;

namespace Sim.Studies.Reproduction;

/// <summary>One simulation the reproduction needs: a labelled hardware variant and an iteration to time.</summary>
public sealed record Experiment(string HardwareLabel, HardwareConfig Hardware, TimingRequest Request)
{
    /// <summary>Identity of the run; experiments with equal keys are simulated once and shared.</summary>
    public string Key => $"{HardwareLabel} | {Request}";
}

/// <summary>
/// Runs the reproduction's simulations in parallel, each distinct one once. The simulator is deterministic,
/// so results do not depend on the order or thread that ran them; a failed simulation is kept as an outcome
/// with its message rather than aborting the report.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>
    /// Runs each distinct experiment once, <paramref name="parallelism"/> at a time, timed by <paramref name="timer"/>
    /// (default: SAT's memory and planner); with <paramref name="device"/> (a catalog name), each outcome also carries
    /// the design's resources and power on that device (<see cref="RunOutcome.Cost"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, RunOutcome> Run(IEnumerable<Experiment> experiments, int parallelism, IProgressSink? progress, IterationTimer? timer = null, string? device = null)
    {
        var cost = new Composition.FpgaCostModel();
        timer ??= IterationTimer.Default;
        var distinct = experiments.GroupBy(e => e.Key).Select(g => g.First()).ToList();
        var results = new ConcurrentDictionary<string, RunOutcome>();
        Parallel.ForEach(distinct, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, experiment =>
        {
            RunOutcome outcome;
            try
            {
                var report = timer.Report(experiment.Hardware, experiment.Request);
                outcome = RunOutcome.From(report, experiment.Request.Batch);
                if ((experiment.Hardware.Device ?? device) is { } name)
                {
                    outcome = outcome with { Cost = cost.Estimate(experiment.Hardware with { Device = name }, report, experiment.Request.Pattern) };
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                outcome = RunOutcome.Failed($"{e.GetType().Name}: {e.Message.Split('\n')[0]}");
            }
            results[experiment.Key] = outcome;
            progress?.Advance();
        });
        return results;
    }
}
