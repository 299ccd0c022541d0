using System.Globalization;
using System.Text;
using Sim.Components.Config;
using Sim.Components.Dram;
using Sim.Components.Operations;
using Sim.Core;
using Sim.Mapping;
using Sim.Mapping.Tiling;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Studies.Validation;

/// <summary>
/// The request streams SatSim's DRAM model is checked with against DRAMsim3 (docs/validation.md): sequential,
/// strided and random reads and writes, read/write mixes, saturating (all offered at cycle 0) and paced, and the
/// DMA stream of a real GEMM as SatSim tiles it. Every request is one 64 B burst; time is in DDR4-2400 clocks
/// (0.833 ns). The streams are generated here and written as DRAMsim3 traces, so both simulators see the same one.
/// </summary>
public static class DramStreams
{
    /// <summary>Burst size of every request (BL8 on a 64-bit channel).</summary>
    public const int RequestBytes = 64;

    /// <summary>Requests in each synthetic stream.</summary>
    public const int Requests = 20_000;

    /// <summary>Memory clock period the streams are timed in (DDR4-2400).</summary>
    public const double ClockNs = 0.833;

    private const long RandomSpan = 1L << 30;
    private const long WriteRegion = 512L << 20;

    /// <summary>Stream names, in report order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "seq_read", "seq_write", "seq_read_paced8", "stride1k_read", "stride8k_read", "random_read",
        "random_read_paced16", "random_write", "mix_seq_2r1w", "mix_random_1r1w", "gemm_resnet18_layer3",
    ];

    /// <summary>The named stream (see <see cref="Names"/>); deterministic.</summary>
    public static IReadOnlyList<DramStreamRequest> Create(string name) => name switch
    {
        "seq_read" => Pattern(i => (0, i * RequestBytes, false)),
        "seq_write" => Pattern(i => (0, i * RequestBytes, true)),
        "seq_read_paced8" => Pattern(i => (8 * i, i * RequestBytes, false)),
        "stride1k_read" => Pattern(i => (0, i * 1024, false)),
        "stride8k_read" => Pattern(i => (0, i * 8192, false)),
        "random_read" => Random(1, i => (0, false)),
        "random_read_paced16" => Random(2, i => (16 * i, false)),
        "random_write" => Random(3, i => (0, true)),
        "mix_seq_2r1w" => Mix(),
        "mix_random_1r1w" => Random(4, i => (0, i % 2 == 1)),
        "gemm_resnet18_layer3" => Gemm(),
        _ => throw new ArgumentException($"unknown DRAM stream '{name}' (expected one of {string.Join(", ", Names)})", nameof(name)),
    };

    /// <summary>
    /// Writes, for each named stream, <c>NAME.trace</c> (the DRAMsim3 trace) into <paramref name="directory"/>, and
    /// SatSim's figures for all of them: <c>satsim-ddr4.csv</c> with the DDR4 bank timing (<see cref="Ddr4Timing"/>'s
    /// defaults) and <c>satsim-bandwidth.csv</c> with the bandwidth-plus-latency default, one row per stream
    /// (<see cref="DramStreamStats"/>; columns in docs/metrics.md).
    /// </summary>
    public static void WriteFiles(string directory, IReadOnlyList<string> names)
    {
        var ddr4 = new StringBuilder(DramStreamStats.CsvHeader + "\n");
        var bw = new StringBuilder(DramStreamStats.CsvHeader + "\n");
        foreach (var n in names)
        {
            var stream = Create(n);
            Sim.Vocabulary.IO.AtomicFile.WriteAllText(Path.Combine(directory, n + ".trace"), ToDramSim3Trace(stream));
            var dram = new DramConfig();
            ddr4.Append(DramStreamStats.Of(n, stream, DramStreamSimulator.Run(dram with { Ddr4 = new Ddr4Timing() }, ClockNs, stream), ClockNs).ToCsv()).Append('\n');
            bw.Append(DramStreamStats.Of(n, stream, DramStreamSimulator.Run(dram, ClockNs, stream), ClockNs).ToCsv()).Append('\n');
        }
        Sim.Vocabulary.IO.AtomicFile.WriteAllText(Path.Combine(directory, "satsim-ddr4.csv"), ddr4.ToString());
        Sim.Vocabulary.IO.AtomicFile.WriteAllText(Path.Combine(directory, "satsim-bandwidth.csv"), bw.ToString());
    }

    /// <summary>The stream as a DRAMsim3 trace: one <c>0xADDR READ|WRITE CYCLE</c> line per request (DRAMsim3's README format).</summary>
    public static string ToDramSim3Trace(IReadOnlyList<DramStreamRequest> stream)
    {
        var sb = new StringBuilder(stream.Count * 24);
        foreach (var r in stream)
        {
            sb.Append("0x").Append(r.Address.ToString("x", CultureInfo.InvariantCulture)).Append(r.IsWrite ? " WRITE " : " READ ")
              .Append(r.ArrivalCycle.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }

    private static DramStreamRequest[] Pattern(Func<long, (long Arrival, long Address, bool Write)> f)
    {
        var s = new DramStreamRequest[Requests];
        for (var i = 0; i < Requests; i++)
        {
            var (a, addr, w) = f(i);
            s[i] = new DramStreamRequest(a, addr, w, RequestBytes);
        }
        return s;
    }

    private static DramStreamRequest[] Random(ulong seed, Func<long, (long Arrival, bool Write)> f)
    {
        var rng = new SplitMix64(seed);
        return Pattern(i =>
        {
            var (a, w) = f(i);
            return (a, rng.NextLong(RandomSpan / RequestBytes) * RequestBytes, w);
        });
    }

    /// <summary>Two sequential reads, then one sequential write to another region, repeated.</summary>
    private static DramStreamRequest[] Mix()
    {
        long reads = 0, writes = 0;
        return Pattern(i => i % 3 == 2 ? (0, WriteRegion + writes++ * RequestBytes, true) : (0, reads++ * RequestBytes, false));
    }

    /// <summary>
    /// The loads and stores SatSim's tiler emits, in order, for the forward GEMM of ResNet-18 (CIFAR) layer3.0.conv2
    /// at batch 4 on SAT's default hardware: each operand stream (read/write x buffer) at its own sequential addresses,
    /// 256 MiB apart, like <c>DramSystem</c>; every transfer cut into 64 B requests offered at cycle 0.
    /// </summary>
    private static DramStreamRequest[] Gemm()
    {
        var hw = HardwareConfig.Sat;
        var options = HardwareLowering.For(hw, new LoweringOptions { Batch = 4 });
        var op = IterationLowering.Lower(ModelZoo.Create("resnet18-cifar"), options)
            .First(o => o.Kind == LayerOpKind.Gemm && o.Stage == Stage.FP && o.Layer == "layer3.0.conv2");
        var next = new long[16];
        for (var s = 0; s < next.Length; s++) next[s] = s * (256L << 20);
        var list = new List<DramStreamRequest>();
        foreach (var t in new IterationTiler(hw).TileOps([op]))
        {
            if (t.Kind is not (OpKind.Load or OpKind.Store)) continue;
            var write = t.Kind == OpKind.Store;
            var stream = (int)t.Buffer + (write ? 8 : 0);
            var bursts = (t.Bytes + RequestBytes - 1) / RequestBytes;
            for (long b = 0; b < bursts; b++)
            {
                list.Add(new DramStreamRequest(0, next[stream], write, RequestBytes));
                next[stream] += RequestBytes;
            }
        }
        return [.. list];
    }
}
