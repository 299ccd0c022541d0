using System.Collections.Concurrent;
using Sim.Studies.Sweeps;

namespace Sim.Studies.Tests.Sweeps;

/// <summary>
/// A deterministic closed-form cost model standing in for the simulator in tests of the sweep machinery
/// (expansion, resume, sharding, merging do not depend on what a point computes). Can cancel the run
/// after a given number of evaluations to imitate an interruption, and counts what it evaluated.
/// </summary>
internal sealed class ClosedFormEvaluator(CancellationTokenSource? cancelAfterSource = null, int cancelAfter = int.MaxValue) : ISweepEvaluator
{
    private int _calls;

    public ConcurrentBag<string> Evaluated { get; } = [];

    public SweepMetrics Evaluate(SweepPoint point, CancellationToken cancellation)
    {
        if (Interlocked.Increment(ref _calls) > cancelAfter)
        {
            cancelAfterSource!.Cancel();
            cancellation.ThrowIfCancellationRequested();
        }
        Evaluated.Add(point.Id);
        var rows = point.Integer(SweepAxis.PeRows) ?? 32;
        var cols = point.Integer(SweepAxis.PeCols) ?? 32;
        var batch = point.Integer(SweepAxis.Batch) ?? 1;
        var bufferKib = (point.Integer(SweepAxis.InputBufferKib) ?? 64) + (point.Integer(SweepAxis.WeightBufferKib) ?? 64) + 64;
        if (bufferKib < 150)
        {
            throw new Sim.Studies.Errors.SatSimInputException("closed-form", $"buffer of {bufferKib} KiB too small");
        }
        var density = point.Text(SweepAxis.Nm) is { } nm && nm != "dense" ? double.Parse(nm.Split(':')[0]) / double.Parse(nm.Split(':')[1]) : 1.0;
        var macs = 1e9 * batch * (2 * density + 1) / 3;
        var cycles = (long)Math.Ceiling(macs / (rows * cols)) + 10_000L * 256 / bufferKib;
        var seconds = cycles / 200e6;
        return new SweepMetrics(rows * cols, bufferKib * 1024L, cycles, seconds, batch / seconds, 2 * macs / seconds / 1e9, 2e9 * batch / seconds / 1e9, seconds * 10, 2 * macs / seconds / 1e9 / 10, (long)(1e6 * batch), 0.9);
    }
}
