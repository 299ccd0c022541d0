using Sim.Studies.Errors;
using Sim.Studies.Output;

namespace Sim.Studies.Sweeps;

/// <summary>How a sweep run went: points already done before it started, evaluated now, and failed designs.</summary>
public sealed record SweepRunSummary(int Points, int AlreadyDone, int Evaluated, int Failed, bool Interrupted);

/// <summary>
/// Runs the unfinished points of a sweep in parallel. Each finished point is written to the
/// <see cref="PointStore"/> at once, so an interruption loses at most the points in flight; a rerun
/// evaluates only what is missing. Completion order does not matter: results are assembled by index.
/// </summary>
public static class SweepRunner
{
    public static SweepRunSummary Run(
        IReadOnlyList<SweepPoint> points,
        PointStore store,
        ISweepEvaluator evaluator,
        int parallelism,
        Action<int>? pointFinished,
        CancellationToken cancellation)
    {
        var pending = points.Where(p => !store.Has(p)).ToList();
        var done = points.Count - pending.Count;
        var evaluated = 0;
        var failed = 0;
        var interrupted = false;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellation };
        try
        {
            Parallel.ForEach(pending, options, (point, state) =>
            {
                if (cancellation.IsCancellationRequested)
                {
                    state.Stop();
                    return;
                }
                PointResult result;
                try
                {
                    result = new PointResult(point, evaluator.Evaluate(point, cancellation), null);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    state.Stop();
                    return;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // An infeasible design (operand larger than a buffer, unknown model...) is a result of the
                    // sweep, not a reason to abandon the other points.
                    var message = e is SatSimInputException ? e.Message : $"{e.GetType().Name}: {e.Message}";
                    result = new PointResult(point, null, message.Split('\n')[0]);
                    Interlocked.Increment(ref failed);
                }
                store.Write(result);
                var total = Interlocked.Increment(ref evaluated);
                pointFinished?.Invoke(done + total);
            });
        }
        catch (OperationCanceledException)
        {
            interrupted = true;
        }
        interrupted |= cancellation.IsCancellationRequested;
        return new SweepRunSummary(points.Count, done, evaluated, failed, interrupted);
    }
}
