namespace Sim.Core.Monitoring;

/// <summary>Ends a <see cref="BusyRecorder"/> interval on Dispose, so <c>using</c> marks a busy region without allocating.</summary>
public readonly struct BusyScope : IDisposable
{
    private readonly BusyRecorder? _recorder;

    internal BusyScope(BusyRecorder recorder) => _recorder = recorder;

    public void Dispose() => _recorder?.End();
}
