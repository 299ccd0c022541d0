using System.Diagnostics;

namespace Sim.Training.Engine;

/// <summary>
/// Wall time per <see cref="TrainingPhase"/> of the training iterations, and bytes allocated per iteration, for
/// <c>satsim bench train</c>. Off unless a profile is set on the trainer (<see cref="Trainer.Profile"/>, which puts
/// it on the <see cref="Layers.RunContext"/>): every hook is a null check, so training without one costs nothing.
/// Time is charged to the phase entered last (<see cref="Enter"/> returns the previous one so nested code can
/// restore it); the main-thread clock is used, so parallel work inside a phase counts once, as wall time.
/// </summary>
public sealed class PhaseProfile
{
    private readonly long[] _ticks = new long[Enum.GetValues<TrainingPhase>().Length];
    private readonly long[] _bytes = new long[Enum.GetValues<TrainingPhase>().Length];
    private long _bytesSince;
    private TrainingPhase _current;
    private long _since;
    private bool _running;
    private long _allocStart;
    private long _allocated;
    private long _iterations;
    private long _wallTicks;
    private long _wallStart;

    /// <summary>Switches the clock to <paramref name="phase"/>; returns the phase that was running.</summary>
    public TrainingPhase Enter(TrainingPhase phase)
    {
        var now = Stopwatch.GetTimestamp();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var previous = _current;
        if (_running)
        {
            _ticks[(int)_current] += now - _since;
            _bytes[(int)_current] += bytes - _bytesSince;
        }
        _since = now;
        _bytesSince = bytes;
        _current = phase;
        return previous;
    }

    /// <summary>Starts a run of iterations (one epoch's loop); evaluation between runs is not counted.</summary>
    public void Start(TrainingPhase phase)
    {
        _allocStart = GC.GetTotalAllocatedBytes(precise: true);
        _running = true;
        _current = phase;
        _since = Stopwatch.GetTimestamp();
        _bytesSince = GC.GetAllocatedBytesForCurrentThread();
        _wallStart = _since;
    }

    /// <summary>
    /// Marks the end of an iteration. Allocations are counted from the end of the first iteration on, which
    /// allocates the layers' buffers once (so the figure is the steady state an epoch of any length approaches).
    /// </summary>
    public void EndIteration()
    {
        _done++;
        if (_done == 1)
        {
            Enter(_current);
            Array.Clear(_bytes);
            _allocStart = GC.GetTotalAllocatedBytes(precise: true);
        }
    }

    private long _done;

    /// <summary>Ends the run started by <see cref="Start"/>, which executed <paramref name="iterations"/> iterations.</summary>
    public void Stop(long iterations)
    {
        var now = Stopwatch.GetTimestamp();
        _ticks[(int)_current] += now - _since;
        _bytes[(int)_current] += GC.GetAllocatedBytesForCurrentThread() - _bytesSince;
        _wallTicks += now - _wallStart;
        _running = false;
        _allocated += GC.GetTotalAllocatedBytes(precise: true) - _allocStart;
        _iterations += iterations;
    }

    /// <summary>Iterations measured.</summary>
    public long Iterations => _iterations;

    /// <summary>Wall seconds of the measured iterations (all phases).</summary>
    public double Seconds => _wallTicks / (double)Stopwatch.Frequency;

    /// <summary>Wall seconds spent in <paramref name="phase"/>.</summary>
    public double SecondsIn(TrainingPhase phase) => _ticks[(int)phase] / (double)Stopwatch.Frequency;

    /// <summary>Share of the measured wall time spent in <paramref name="phase"/> (0..1).</summary>
    public double Share(TrainingPhase phase) => _wallTicks == 0 ? 0 : _ticks[(int)phase] / (double)_wallTicks;

    /// <summary>Managed bytes the training thread allocated in <paramref name="phase"/> per measured iteration (worker threads not included).</summary>
    public double MainThreadBytesPerIteration(TrainingPhase phase) => _done <= 1 ? 0 : _bytes[(int)phase] / (double)(_done - 1);

    /// <summary>Managed bytes allocated (all threads) per measured iteration after the first.</summary>
    public double AllocatedBytesPerIteration => _done <= 1 ? 0 : _allocated / (double)(_done - 1);
}
