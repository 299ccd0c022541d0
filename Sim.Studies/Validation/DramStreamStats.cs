using Sim.Components.Dram;

namespace Sim.Studies.Validation;

/// <summary>
/// What is compared per stream (docs/metrics.md, DRAM validation): achieved bandwidth over the stream's span (first
/// arrival to last completion) and the latency of reads (completion minus arrival, queueing included), mean and
/// 99th percentile (nearest rank). Writes have no latency figure: DRAMsim3 acknowledges them when they are queued.
/// </summary>
public sealed record DramStreamStats(string Stream, int Requests, int Reads, int Writes, long Bytes, long SpanCycles,
    double BandwidthGBps, double? ReadLatencyMeanCycles, long? ReadLatencyP99Cycles)
{
    /// <summary>CSV header of <see cref="ToCsv"/>, the format of tests/golden/dramsim3/dramsim3.csv.</summary>
    public const string CsvHeader = "stream,requests,reads,writes,bytes,span_cycles,bandwidth_gbps,read_latency_mean_cycles,read_latency_p99_cycles";

    /// <summary>Figures of <paramref name="stream"/> given each request's completion cycle.</summary>
    public static DramStreamStats Of(string name, IReadOnlyList<DramStreamRequest> stream, IReadOnlyList<long> completion, double clockNs)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(completion);
        if (stream.Count == 0 || completion.Count != stream.Count) throw new ArgumentException("need one completion per request of a non-empty stream");
        long bytes = 0, first = long.MaxValue, last = long.MinValue;
        var latencies = new List<long>();
        var writes = 0;
        for (var i = 0; i < stream.Count; i++)
        {
            var r = stream[i];
            bytes += r.Bytes;
            first = Math.Min(first, r.ArrivalCycle);
            last = Math.Max(last, completion[i]);
            if (r.IsWrite) writes++; else latencies.Add(completion[i] - r.ArrivalCycle);
        }
        var span = last - first;
        double? mean = null;
        long? p99 = null;
        if (latencies.Count > 0)
        {
            latencies.Sort();
            mean = latencies.Average();
            p99 = latencies[(int)Math.Ceiling(0.99 * latencies.Count) - 1];
        }
        return new DramStreamStats(name, stream.Count, stream.Count - writes, writes, bytes, span, bytes / (span * clockNs), mean, p99);
    }

    /// <summary>One CSV line (invariant culture; bandwidth to 4 decimals, mean latency to 2).</summary>
    public string ToCsv() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Stream},{Requests},{Reads},{Writes},{Bytes},{SpanCycles},{BandwidthGBps:F4},{(ReadLatencyMeanCycles is { } m ? m.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "")},{ReadLatencyP99Cycles}");
}
