using Sim.Core.Monitoring;

namespace Sim.Components.Reports;

/// <summary>
/// Busy intervals of one component for utilization timelines and Chrome traces. Back-to-back intervals with the same
/// label are merged as they arrive, so a layer's thousands of tiles become one interval and memory stays flat;
/// past <see cref="MaxIntervals"/> further intervals are counted but not kept.
/// </summary>
public sealed class TimelineRecorder(string component, string category, ChunkedList<BusyInterval> sink, int maxIntervals)
{
    private string? _label;
    private string? _layer;
    private object? _tag;
    private long _start = -1;
    private long _end = -1;

    public string Component { get; } = component;
    public int MaxIntervals { get; } = maxIntervals;
    public long Dropped { get; private set; }

    /// <summary>Records [start, end) labelled <paramref name="label"/> (and an optional layer, combined lazily into the label).</summary>
    public void Record(long start, long end, string label, string? layer, object? tag = null)
    {
        if (end <= start) return;
        if (_start >= 0 && start <= _end && ReferenceEquals(label, _label) && ReferenceEquals(layer, _layer) && Equals(tag, _tag))
        {
            if (end > _end) _end = end;
            return;
        }
        Flush();
        _label = label;
        _layer = layer;
        _tag = tag;
        _start = start;
        _end = end;
    }

    public void Flush()
    {
        if (_start < 0) return;
        if (sink.Count < MaxIntervals)
        {
            var text = _layer is null ? _label! : $"{_layer} {_label}";
            sink.Add(new BusyInterval(Component, text, _start, _end, category));
        }
        else
        {
            Dropped++;
        }
        _start = -1;
    }
}
