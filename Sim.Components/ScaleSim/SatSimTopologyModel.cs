using Sim.Components.Accelerator;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.Reports;

namespace Sim.Components.ScaleSim;

/// <summary>
/// SatSim's own semantics for a SCALE-Sim topology: each layer is tiled to fit the configured SRAMs (ping-pong halves,
/// one-byte words as in SCALE-Sim), lowered to loads, GEMM tiles and stores, and run on the process model with fold
/// overlap, prefetch and the DRAM model (USER bandwidth: words per cycle; CALC: an ideal memory).
/// </summary>
public static class SatSimTopologyModel
{
    /// <summary>
    /// Refuses a configuration SatSim's model cannot run physically, before any layer: in USER mode the Bandwidth
    /// (one-byte words per cycle at SAT's clock) must be a DRAM rate within <c>dram.gbps_per_channel</c>'s range
    /// (docs/hardware.md); 1e-300 words per cycle would make every transfer last longer than the simulated clock.
    /// </summary>
    public static void Check(ScaleSimConfig s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (!s.UserBandwidth) return;
        var clock = HardwareConfig.Sat.ClockMHz;
        var rate = DramConfig.Schema.Find("gbps_per_channel")!;
        var gbps = s.BandwidthWordsPerCycle * clock / 1e3;
        if (!rate.InRange(gbps))
        {
            string F(double v) => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
            throw new ScaleSimFormatException(s.SourceFile, s.BandwidthLine, "Bandwidth",
                $"{F(s.BandwidthWordsPerCycle)} words per cycle is {F(gbps)} GB/s at SatSim's {F(clock)} MHz clock; expected {F(rate.Min * 1e3 / clock)} to {F(rate.Max * 1e3 / clock)} words per cycle (dram.gbps_per_channel's range, {F(rate.Min)} to {F(rate.Max)} GB/s)");
        }
    }

    public static HardwareConfig HardwareFor(ScaleSimConfig s)
    {
        Check(s);
        var sat = HardwareConfig.Sat;
        BufferConfig Buf(long kb) => sat.Buffers.Input with { CapacityBytes = kb * 1024, BankWidthBytes = 1, Banks = 32 };
        return sat with
        {
            ArrayRows = s.ArrayHeight,
            ArrayCols = s.ArrayWidth,
            OperandBytes = 1,
            AccumulatorBytes = 1,
            Buffers = sat.Buffers with { Input = Buf(s.IfmapSramKb), Weight = Buf(s.FilterSramKb), Output = Buf(s.OfmapSramKb) },
            Dram = sat.Dram with { GBpsPerChannel = s.BandwidthWordsPerCycle * sat.ClockMHz / 1e3, LatencyNs = 0 },
        };
    }

    /// <summary>The operation stream of one layer, tiled to the buffers.</summary>
    /// <summary>
    /// Most operations one layer may lower to (about a minute of simulation on one core): a layer of 10^18 MACs
    /// would otherwise lower to ~10^12 tiles and run for days without output.
    /// </summary>
    public const long MaxOperations = 1L << 26;

    /// <summary>Tile sizes of a layer (rows, columns, reduction chunk), each within int range, and whether K is split.</summary>
    private static (long Tm, long Tn, long Kc, bool KSplit) Tiles(TopologyLayer layer, HardwareConfig hw)
    {
        long M = layer.M, N = layer.N, K = layer.K;
        var halfI = hw.Buffers.Input.TileCapacityBytes / hw.OperandBytes;
        var halfW = hw.Buffers.Weight.TileCapacityBytes / hw.OperandBytes;
        var halfO = hw.Buffers.Output.TileCapacityBytes / hw.AccumulatorBytes;
        var tn = Math.Min(N, hw.ArrayCols);
        var kc = Math.Min(Math.Min(K, Math.Max(1, halfW / tn)), int.MaxValue);
        var kSplit = kc < K;
        if (!kSplit)
        {
            tn = Math.Min(N, Math.Max(tn, halfW / K / hw.ArrayCols * hw.ArrayCols));
        }
        var tm = Math.Min(Math.Min(M, Math.Max(1, Math.Min(halfI / kc, halfO / tn))), int.MaxValue);
        if (tm > hw.ArrayRows) tm = tm / hw.ArrayRows * hw.ArrayRows;
        return (tm, tn, kc, kSplit);
    }

    /// <summary>How many operations <see cref="Lower"/> yields for the layer (exact, without lowering; saturates at long.MaxValue).</summary>
    public static long OperationCount(TopologyLayer layer, HardwareConfig hw)
    {
        var (tm, tn, kc, kSplit) = Tiles(layer, hw);
        Int128 nTiles = (layer.N + tn - 1) / tn, mTiles = (layer.M + tm - 1) / tm, kTiles = (layer.K + kc - 1) / kc;
        var count = nTiles * ((kSplit ? 0 : 1) + mTiles * (kTiles * (kSplit ? 3 : 2) + 1));
        return count > long.MaxValue ? long.MaxValue : (long)count;
    }

    public static IEnumerable<Operation> Lower(TopologyLayer layer, HardwareConfig hw, Dataflow dataflow)
    {
        long M = layer.M, N = layer.N, K = layer.K;
        var (tm, tn, kc, kSplit) = Tiles(layer, hw);
        long id = 0;
        var name = layer.Name;
        for (long n0 = 0; n0 < N; n0 += tn)
        {
            var nn = (int)Math.Min(tn, N - n0);
            long weights = -1;
            if (!kSplit)
            {
                weights = id;
                yield return new Operation { Id = id++, Kind = OpKind.Load, Layer = name, Stage = Stage.FP, Buffer = BufferKind.Weight, Bytes = K * nn * hw.OperandBytes };
            }
            for (long m0 = 0; m0 < M; m0 += tm)
            {
                var mm = (int)Math.Min(tm, M - m0);
                long previous = -1;
                for (long k0 = 0; k0 < K; k0 += kc)
                {
                    var kk = (int)Math.Min(kc, K - k0);
                    if (kSplit)
                    {
                        weights = id;
                        yield return new Operation { Id = id++, Kind = OpKind.Load, Layer = name, Stage = Stage.FP, Buffer = BufferKind.Weight, Bytes = (long)kk * nn * hw.OperandBytes };
                    }
                    var input = id;
                    yield return new Operation { Id = id++, Kind = OpKind.Load, Layer = name, Stage = Stage.FP, Buffer = BufferKind.Input, Bytes = (long)mm * kk * hw.OperandBytes };
                    var deps = previous >= 0 ? new[] { weights, input, previous } : new[] { weights, input };
                    previous = id;
                    yield return new Operation
                    {
                        Id = id++, Kind = OpKind.Gemm, Layer = name, Stage = Stage.FP, M = mm, N = nn, K = kk, Dataflow = dataflow,
                        Accumulate = k0 > 0, DependsOn = deps,
                    };
                }
                yield return new Operation { Id = id++, Kind = OpKind.Store, Layer = name, Stage = Stage.FP, Buffer = BufferKind.Output, Bytes = (long)mm * nn * hw.OperandBytes, DependsOn = [previous] };
            }
        }
    }

    public static ScaleSimLayerResult Evaluate(int layerId, TopologyLayer layer, ScaleSimConfig config)
    {
        var hw = HardwareFor(config);
        var operations = OperationCount(layer, hw);
        if (operations > MaxOperations)
        {
            throw new InvalidOperationException(
                $"layer '{Sim.Vocabulary.IO.TextExcerpt.Escape(layer.Name)}': {layer.Macs.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} MACs lower to {(operations == long.MaxValue ? "more than 2^63" : operations.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))} tile operations, "
                + $"more than the {MaxOperations.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} SatSim simulates per layer (about a minute); use SCALE-Sim semantics (without --satsim) for its closed form, or larger SRAMs");
        }
        var windows = new (long Start, long Stop, long Bytes)[4];
        for (var i = 0; i < windows.Length; i++) windows[i] = (long.MaxValue, 0, 0);
        void Observe(OperationRecord rec)
        {
            if (rec.Operation.Kind is not (OpKind.Load or OpKind.Store)) return;
            var k = rec.Operation.Kind == OpKind.Store ? 3 : rec.Operation.Buffer == BufferKind.Weight ? 1 : 0;
            var w = windows[k];
            windows[k] = (Math.Min(w.Start, rec.Start), Math.Max(w.Stop, rec.End - 1), w.Bytes + rec.Operation.Bytes);
        }
        var options = new SimulationOptions { IdealMemory = !config.UserBandwidth, FoldOverlap = true, RecordTimeline = false, OnOperation = Observe };
        var report = AcceleratorSimulator.Run(hw, Lower(layer, hw, config.Dataflow), options);
        AccessWindow Window(int k) => windows[k].Bytes == 0 ? new(0, 0, 0) : new(windows[k].Start, windows[k].Stop, windows[k].Bytes / hw.OperandBytes);
        var total = Math.Max(1, report.TotalCycles);
        var input = report.Buffers.Single(b => b.Kind == BufferKind.Input);
        var weight = report.Buffers.Single(b => b.Kind == BufferKind.Weight);
        var output = report.Buffers.Single(b => b.Kind == BufferKind.Output);
        return new ScaleSimLayerResult
        {
            LayerId = layerId,
            Name = layer.Name,
            TotalCycles = report.TotalCycles,
            StallCycles = report.MemoryStallCycles,
            OverallUtilPercent = layer.Macs * 100.0 / ((double)total * hw.ArrayRows * hw.ArrayCols),
            MappingEfficiencyPercent = report.MappingEfficiency * 100,
            ComputeUtilPercent = report.ComputeCycles == 0 ? 0 : report.EffectiveMacs * 100.0 / ((double)report.ComputeCycles * hw.ArrayRows * hw.ArrayCols),
            SramIfmap = new(0, total - 1, input.ComputeReadBytes / hw.OperandBytes),
            SramFilter = new(0, total - 1, weight.ComputeReadBytes / hw.OperandBytes),
            SramOfmap = new(0, total - 1, output.ComputeWriteBytes / hw.OperandBytes),
            DramIfmap = Window(0),
            DramFilter = Window(1),
            DramOfmap = Window(3),
        };
    }
}
