using Sim.Components.Config.Schema;

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

    /// <summary>The scenario keys of <c>dram</c>, declared once.</summary>
    /// <remarks>
    /// Ranges: 1 to 64 channels (the boards of data/devices.csv have at most 32 HBM pseudo-channels); 1 MB/s to
    /// 100 TB/s per channel (slower than any DRAM, faster than any: only unit mistakes are refused); bursts up to
    /// 64 KiB; latency 0 (an ideal memory) to 1 ms (a thousand times a loaded DDR4 access); interleave up to 1 GiB
    /// and a multiple of the burst (<see cref="CheckRelations"/>).
    /// </remarks>
    public static BlockSchema Schema { get; } = Param.Block("dram", "off-chip memory: channels of bandwidth plus latency (one DDR4-2400 channel by default)", new DramConfig(),
        Param.Integer<DramConfig>("channels", nameof(Channels), "", 1, 64, "[model]", "independent channels, interleaved", d => d.Channels, (d, v) => d with { Channels = v }),
        Param.Number<DramConfig>("gbps_per_channel", nameof(GBpsPerChannel), "GB/s", 0.001, 100_000, "[model]", "peak bandwidth of one channel (DDR4-2400 x 64 bit: 19.2)", d => d.GBpsPerChannel, (d, v) => d with { GBpsPerChannel = v }),
        Param.Integer<DramConfig>("burst_bytes", nameof(BurstBytes), "bytes", 1, 1 << 16, "[model]", "requests are rounded up to whole bursts (BL8 x 8 B)", d => d.BurstBytes, (d, v) => d with { BurstBytes = v }),
        Param.Number<DramConfig>("latency_ns", nameof(LatencyNs), "ns", 0, 1e6, "[model]", "from issuing a request to its first data", d => d.LatencyNs, (d, v) => d with { LatencyNs = v }),
        Param.Integer<DramConfig>("interleave_bytes", nameof(InterleaveBytes), "bytes", 1, 1 << 30, "[model]", "channels interleave addresses at this granularity (a multiple of burst_bytes)", d => d.InterleaveBytes, (d, v) => d with { InterleaveBytes = v }),
        Param.Nested<DramConfig, Ddr4Timing>("ddr4", nameof(Ddr4), Ddr4Timing.Schema, d => d.Ddr4, (d, v) => d with { Ddr4 = v }));

    /// <summary>Total peak bandwidth in bytes per accelerator cycle at <paramref name="clockMHz"/>.</summary>
    public double BytesPerCycle(double clockMHz) => Channels * GBpsPerChannel * 1e3 / clockMHz;

    /// <summary>The relations between parameters (the ranges are <see cref="Schema"/>'s): channels interleave whole bursts.</summary>
    internal void CheckRelations(string prefix, List<string> problems)
    {
        if (InterleaveBytes % BurstBytes != 0)
        {
            problems.Add($"{prefix}.interleave_bytes: must be a multiple of burst_bytes={BurstBytes} (got {InterleaveBytes})");
        }
        Ddr4?.CheckRelations($"{prefix}.ddr4", problems);
    }
}
