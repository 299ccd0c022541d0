namespace Sim.Components.Config;

/// <summary>
/// Off-chip memory: <see cref="Channels"/> independent channels, each a queue of burst-sized requests served at
/// <see cref="GBpsPerChannel"/> after <see cref="LatencyNs"/>. Default: one DDR4-2400 channel, 64-bit bus:
/// 2400 MT/s x 8 B = 19.2 GB/s peak (docs/sat.md [model]); 64 B bursts (BL8 x 8 B); 100 ns loaded access latency
/// (tRCD + tCL of about 27 ns plus memory-controller and FPGA interconnect pipeline, a [model] default).
/// </summary>
public sealed record DramConfig
{
    public int Channels { get; init; } = 1;

    /// <summary>Peak bandwidth of one channel in GB/s (10^9 bytes per second).</summary>
    public double GBpsPerChannel { get; init; } = 19.2;

    public int BurstBytes { get; init; } = 64;

    /// <summary>Latency from issuing a request to its first data, in nanoseconds.</summary>
    public double LatencyNs { get; init; } = 100;

    /// <summary>Bank/row timing; null means the bandwidth-plus-latency model.</summary>
    public Ddr4Timing? Ddr4 { get; init; }

    /// <summary>Channels interleave addresses at this granularity (bytes).</summary>
    public int InterleaveBytes { get; init; } = 256;

    /// <summary>Total peak bandwidth in bytes per accelerator cycle at <paramref name="clockMHz"/>.</summary>
    public double BytesPerCycle(double clockMHz) => Channels * GBpsPerChannel * 1e3 / clockMHz;

    internal void Validate(string prefix, List<string> problems)
    {
        if (Channels <= 0) problems.Add($"{prefix}.Channels: must be >= 1 (got {Channels})");
        if (!(GBpsPerChannel > 0) || double.IsInfinity(GBpsPerChannel)) problems.Add($"{prefix}.GBpsPerChannel: must be a finite number > 0 (got {GBpsPerChannel})");
        if (BurstBytes <= 0) problems.Add($"{prefix}.BurstBytes: must be >= 1 (got {BurstBytes})");
        if (!(LatencyNs >= 0) || double.IsInfinity(LatencyNs)) problems.Add($"{prefix}.LatencyNs: must be a finite number >= 0 (got {LatencyNs})");
        if (InterleaveBytes <= 0) problems.Add($"{prefix}.InterleaveBytes: must be >= 1 (got {InterleaveBytes})");
        else if (BurstBytes > 0 && InterleaveBytes % BurstBytes != 0) problems.Add($"{prefix}.InterleaveBytes: must be a multiple of BurstBytes={BurstBytes} (got {InterleaveBytes})");
        Ddr4?.Validate($"{prefix}.Ddr4", problems);
    }
}
