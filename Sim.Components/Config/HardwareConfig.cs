using Sim.Components.Config.Schema;

namespace Sim.Components.Config;

/// <summary>
/// Everything SatSim needs to know about the accelerator, as one immutable record: the workload compiler tiles
/// against it, the components are built from it, scenario files map onto it. Defaults are SAT's (docs/sat.md [model]):
/// 200 MHz, 32 x 32 PEs, one DDR4-2400 channel (19.2 GB/s), FP16 operands and FP32 master weights.
/// Construct with object initializers and <c>with</c>, then call <see cref="Validate"/> (a list of problems,
/// each naming its field) or <see cref="EnsureValid"/> once before use.
/// </summary>
public sealed record HardwareConfig
{
    public int ArrayRows { get; init; } = 32;
    public int ArrayCols { get; init; } = 32;
    public double ClockMHz { get; init; } = 200;
    public BufferSet Buffers { get; init; } = new();
    public DramConfig Dram { get; init; } = new();
    public SparseGenConfig SparseGen { get; init; } = new();
    public VectorConfig Vector { get; init; } = new();

    /// <summary>Bytes of one FP16 operand element (activations, weights, gradients in FP/BP/WG).</summary>
    public int OperandBytes { get; init; } = 2;

    /// <summary>Bytes of one FP32 master weight / momentum element (weight update).</summary>
    public int MasterBytes { get; init; } = 4;

    /// <summary>Bytes of one partial sum held in the output buffer while a reduction is split (FP32 accumulation).</summary>
    public int AccumulatorBytes { get; init; } = 4;

    public DataflowOptimizations Optimizations { get; init; } = new();

    /// <summary>
    /// The FPGA device the design is built on (a name of <see cref="Cost.DeviceCatalog"/>, e.g. xcvu9p), or null:
    /// with a device, resources are checked and power comes from <see cref="Cost.PowerModel"/>; without, the flat
    /// <see cref="Energy"/> table prices the run. Left out of the JSON when null, so hashes of device-less
    /// configurations do not change.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Device { get; init; }
    public EnergyTable Energy { get; init; } = new();

    /// <summary>SAT's default configuration.</summary>
    public static HardwareConfig Sat { get; } = new();

    /// <summary>
    /// The scenario keys of <c>hardware</c>, declared once: the scenario reader, <c>report.json</c>'s hardware
    /// section, sweep axes by key path, docs/hardware.md and scenarios/hardware/sat-default.yaml derive from it.
    /// </summary>
    /// <remarks>
    /// Ranges (the physical ones, enforced by <see cref="Validate"/> for configurations built in code as well):
    /// the clock from 1 MHz to 10 GHz (FPGA fabric clocks are tens to hundreds of MHz, so only unit mistakes such
    /// as Hz or GHz are refused; the earlier hand-written check took any positive clock); array sides up to 4096
    /// PEs (a 4096 x 4096 array is 16.7 M MACs, some 1,300 times the 12,288 DSPs of the largest device of
    /// data/devices.csv); element sizes 1 to 16 bytes (8-bit to 128-bit formats: none is wider).
    /// </remarks>
    public static BlockSchema Schema { get; } = Param.Block("hardware", "the accelerator", Sat,
        Param.Number<HardwareConfig>("clock_mhz", nameof(ClockMHz), "MHz", 1, 10_000, "[model]", "clock of the whole design (SAT on the VCU1525: 200)", c => c.ClockMHz, (c, v) => c with { ClockMHz = v }),
        Param.Nested<HardwareConfig, HardwareConfig>("array", "", Param.Block("array", "the N:M sparse systolic PE array", Sat,
            Param.Integer<HardwareConfig>("rows", nameof(ArrayRows), "PEs", 1, 4096, "[model]", "PE rows", c => c.ArrayRows, (c, v) => c with { ArrayRows = v }),
            Param.Integer<HardwareConfig>("cols", nameof(ArrayCols), "PEs", 1, 4096, "[model]", "PE columns", c => c.ArrayCols, (c, v) => c with { ArrayCols = v })),
            c => c, (_, v) => v!),
        Param.Integer<HardwareConfig>("operand_bytes", nameof(OperandBytes), "bytes", 1, 16, "[note]", "one operand element in FP/BP/WG (FP16)", c => c.OperandBytes, (c, v) => c with { OperandBytes = v }),
        Param.Integer<HardwareConfig>("master_bytes", nameof(MasterBytes), "bytes", 1, 16, "[note]", "one master weight or momentum element in the update (FP32)", c => c.MasterBytes, (c, v) => c with { MasterBytes = v }),
        Param.Integer<HardwareConfig>("accumulator_bytes", nameof(AccumulatorBytes), "bytes", 1, 16, "[model]", "one partial sum kept in the output buffer (FP32)", c => c.AccumulatorBytes, (c, v) => c with { AccumulatorBytes = v }),
        Param.Nested<HardwareConfig, BufferSet>("buffers", nameof(Buffers), BufferSet.Schema, c => c.Buffers, (c, v) => c with { Buffers = v! }),
        Param.Nested<HardwareConfig, DramConfig>("dram", nameof(Dram), DramConfig.Schema, c => c.Dram, (c, v) => c with { Dram = v! }),
        Param.Nested<HardwareConfig, SparseGenConfig>("sparse_gen", nameof(SparseGen), SparseGenConfig.Schema, c => c.SparseGen, (c, v) => c with { SparseGen = v! }),
        Param.Nested<HardwareConfig, VectorConfig>("vector", nameof(Vector), VectorConfig.Schema, c => c.Vector, (c, v) => c with { Vector = v! }),
        Param.Nested<HardwareConfig, DataflowOptimizations>("optimizations", nameof(Optimizations), DataflowOptimizations.Schema, c => c.Optimizations, (c, v) => c with { Optimizations = v! }),
        Param.Nested<HardwareConfig, EnergyTable>("energy", nameof(Energy), EnergyTable.Schema, c => c.Energy, (c, v) => c with { Energy = v! }),
        Param.Text<HardwareConfig>("device", nameof(Device), "[choice]", "FPGA device of data/devices.csv (e.g. xcvu9p): resources are checked and power is modelled; absent: the energy table prices the run", c => c.Device, (c, v) => c with { Device = v }));

    /// <summary>Clock period in nanoseconds.</summary>
    public double CycleNs => 1e3 / ClockMHz;

    /// <summary>Seconds for a number of cycles at the configured clock.</summary>
    public double Seconds(long cycles) => cycles / (ClockMHz * 1e6);

    /// <summary>Nanoseconds rounded up to whole cycles (at least 0).</summary>
    public long NsToCycles(double ns) => ns <= 0 ? 0 : (long)Math.Ceiling(ns * ClockMHz / 1e3 - 1e-9);

    /// <summary>
    /// Every problem with this configuration, each naming the scenario key path of its value (e.g.
    /// <c>buffers.input.banks</c>) and what was expected; empty when valid. Ranges are the schema's
    /// (<see cref="BlockSchema.Check"/>, one declaration per parameter); only relations between parameters and
    /// the device name are checked here, once every value is in range (so one bad value is reported once).
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Schema.Check(this, "", problems);
        if (problems.Count == 0)
        {
            Buffers.CheckRelations("buffers", problems);
            Dram.CheckRelations("dram", problems);
        }
        if (Device is not null && Cost.DeviceCatalog.BuiltIn.Find(Device) is null)
        {
            problems.Add($"device: unknown device '{Device}'; expected one of {string.Join(", ", Cost.DeviceCatalog.BuiltIn.Devices.Select(d => d.Name))}");
        }
        return problems;
    }

    /// <summary>Returns this configuration, or throws <see cref="InvalidConfigException"/> listing every problem.</summary>
    public HardwareConfig EnsureValid()
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new InvalidConfigException(problems);
    }
}
