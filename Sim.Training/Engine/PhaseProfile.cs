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

    /// <summary>Marks the start of a network layer's forward or backward pass; returns the timestamp to pass to <see cref="AddLayer"/>.</summary>
    public long LayerStart()
    {
        _wgAtLayerStart = _ticks[(int)TrainingPhase.WeightGradient];
        return Stopwatch.GetTimestamp();
    }

    private long _wgAtLayerStart;

    /// <summary>
    /// Adds the wall time since <paramref name="since"/> (from <see cref="LayerStart"/>) to layer
    /// <paramref name="index"/> of the network (<paramref name="name"/>), in its forward or its backward pass; of a
    /// backward pass, the part the layer spent in <see cref="TrainingPhase.WeightGradient"/> is also kept apart.
    /// Only while a run is measured.
    /// </summary>
    public void AddLayer(int index, string name, bool backward, long since)
    {
        if (!_running)
        {
            return;
        }
        var ticks = Stopwatch.GetTimestamp() - since;
        while (_layers.Count <= index)
        {
            _layers.Add(new LayerTicks());
        }
        var l = _layers[index];
        l.Name = name;
        if (backward)
        {
            l.Backward += ticks;
            l.WeightGradient += _ticks[(int)TrainingPhase.WeightGradient] - _wgAtLayerStart;
        }
        else
        {
            l.Forward += ticks;
        }
    }

    private sealed class LayerTicks
    {
        public string Name = "";
        public long Forward;
        public long Backward;
        public long WeightGradient;
    }

    private readonly List<LayerTicks> _layers = [];

    /// <summary>
    /// Per network layer that ran, in execution order: its name and wall milliseconds per iteration in the forward
    /// pass, in the backward pass (all of it), and in the backward pass's weight gradient (a part of the backward).
    /// </summary>
    public IReadOnlyList<(string Name, double ForwardMs, double BackwardMs, double WeightGradientMs)> LayerMsPerIteration =>
        _layers.Where(l => l.Name.Length > 0)
            .Select(l => (l.Name, Ms(l.Forward), Ms(l.Backward), Ms(l.WeightGradient))).ToList();

    private double Ms(long ticks) => _iterations == 0 ? 0 : ticks * 1000.0 / Stopwatch.Frequency / _iterations;

    /// <summary>Managed bytes allocated (all threads) per measured iteration after the first.</summary>
    public double AllocatedBytesPerIteration => _done <= 1 ? 0 : _allocated / (double)(_done - 1);
}
